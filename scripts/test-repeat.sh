#!/usr/bin/env bash
# Runs CI as CI runs it — a fresh clone of the committed HEAD, then `bash .ci/run` with CI=true — N times
# in a row, and prints pass/fail and duration per run. With --hog K, K busy loops run beside every run, to
# show the suite stays green on a loaded machine.
#
#   npm run test:repeat                 # 3 runs
#   npm run test:repeat -- 5 --hog 2    # 5 runs, two cores' worth of CPU hog beside them
#   npm run test:repeat -- 1 --keep     # keep the clone and its log
set -uo pipefail

RUNS=3
HOGS=0
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --hog) HOGS="${2:?--hog needs a count}"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) sed -n 2,9p "$0"; exit 0 ;;
    *[!0-9]* | "") echo "test-repeat: unknown argument '$1' (expected a run count, --hog K or --keep)" >&2; exit 2 ;;
    *) RUNS="$1"; shift ;;
  esac
done

REPO="$(cd "$(dirname "$0")/.." && pwd)"
HEAD_SHA="$(git -C "$REPO" rev-parse --short HEAD)"
[ -z "$(git -C "$REPO" status --porcelain)" ] || echo "test-repeat: uncommitted changes are not tested (clones take $HEAD_SHA)"
OUT="${TMPDIR:-/tmp}/warroom-repeat-$$"
mkdir -p "$OUT"

hog_pids=()
stop_hogs() {
  for pid in "${hog_pids[@]}"; do kill "$pid" 2>/dev/null; done
  hog_pids=()
}
trap stop_hogs EXIT
start_hogs() {
  for _ in $(seq 1 "$HOGS"); do
    # A busy loop at normal priority: competes for the CPU like any other work on the host.
    bash -c 'while :; do :; done' &
    hog_pids+=("$!")
  done
}

# The stack keeps a tmpfs "disk" mounted inside the clone: unmount before deleting it.
remove_clone() {
  local dir="$1"
  if mountpoint -q "$dir/.warroom/stack/disk" 2>/dev/null; then umount "$dir/.warroom/stack/disk" || true; fi
  rm -rf "$dir"
}

results=()
passed=0
echo "test-repeat: $RUNS run(s) of .ci/run on clean clones of $HEAD_SHA, $HOGS CPU hog(s) beside; logs in $OUT"
for i in $(seq 1 "$RUNS"); do
  dir="$OUT/clone-$i"
  log="$OUT/run-$i.log"
  git clone -q "$REPO" "$dir"
  start_hogs
  started=$SECONDS
  (cd "$dir" && CI=true bash .ci/run) >"$log" 2>&1
  rc=$?
  took=$((SECONDS - started))
  stop_hogs
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$rc" = 0 ]; then
    verdict=pass
    passed=$((passed + 1))
  else
    verdict="FAIL (exit $rc)"
  fi
  line="run $i: $verdict in $((took / 60)) min $((took % 60)) s (load at end $load)"
  results+=("$line")
  echo "$line"
  if [ "$rc" != 0 ]; then
    echo "  last lines of $log:"
    grep -E "✘|FAIL|failed|Error" "$log" | tail -n 8 | sed 's/^/    /'
  fi
  if [ "$KEEP" = 0 ] && [ "$rc" = 0 ]; then remove_clone "$dir"; fi
done

echo
printf '%s\n' "${results[@]}"
echo "$passed passed, $((RUNS - passed)) failed"
[ "$passed" = "$RUNS" ]
