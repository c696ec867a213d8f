#!/usr/bin/env bash
# All tests: lint, types, unit, integration (real PostgreSQL + embedded PGlite), Deal Scout's stack, build, the
# container image, browser end-to-end, and a smoke run of the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/ensure-services.sh
bash scripts/prisma-generate.sh

# Two commands, not `a && b`: under `set -e` a failure on the left of `&&` would not stop the run.
echo "== lint (at ${SECONDS} s)";        node_modules/.bin/biome check .
node_modules/.bin/depcruise lib app components sim --config .dependency-cruiser.cjs --output-type err
echo "== typecheck (at ${SECONDS} s)";   node_modules/.bin/tsc --noEmit
echo "== unit (at ${SECONDS} s)";        node_modules/.bin/vitest run --project unit
# The containerised stack has fixed container names: take turns with any other run on this machine.
echo "== integration (at ${SECONDS} s)"; bash scripts/with-stack-lock.sh node_modules/.bin/vitest run --project int
# Deal Scout's own containerised stack (fixed names and ports): up once for the project, removed after. Its
# tests mostly wait for readings, so they run beside the build (which needs no stack); its output follows.
echo "== deal scout, beside the build (at ${SECONDS} s)"
ds_log="$(mktemp)"
bash scripts/with-stack-lock.sh node_modules/.bin/vitest run --project dealscout >"$ds_log" 2>&1 &
ds_pid=$!
echo "== build (at ${SECONDS} s)"; node_modules/.bin/next build || { kill "$ds_pid" 2>/dev/null; exit 1; }
ds_status=0; wait "$ds_pid" || ds_status=$?
echo "== deal scout output (ended at ${SECONDS} s)"; cat "$ds_log"; rm -f "$ds_log"
[ "$ds_status" -eq 0 ] || { echo "deal scout failed (exit $ds_status)"; exit "$ds_status"; }
# Whole dashboards of that build: `next start` replicas on one PostgreSQL (a rollback across them uses a test stack).
echo "== served (at ${SECONDS} s)";      bash scripts/with-stack-lock.sh node_modules/.bin/vitest run --project served
# The container image from that build's standalone output, run against the containerised stack.
echo "== image (at ${SECONDS} s)";       bash scripts/with-stack-lock.sh node_modules/.bin/vitest run --project image
echo "== end-to-end (at ${SECONDS} s)";  node_modules/.bin/playwright test
# `npm run demo` as a new user runs it, on this install and build; the containerised stack takes turns too.
echo "== demo smoke (at ${SECONDS} s)";  bash scripts/with-stack-lock.sh node scripts/demo-smoke.mjs
