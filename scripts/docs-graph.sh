#!/usr/bin/env bash
# Draws the layers of the code (folders of lib/, app/, components/, sim/) as docs/layers.svg, from the
# imports dependency-cruiser finds (same rules as npm run lint). Needs Graphviz's `dot`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dot >/dev/null; then
  echo "docs:graph: Graphviz's dot is missing; install it (Debian: apt-get install graphviz) and rerun" >&2
  exit 1
fi
node_modules/.bin/depcruise lib app components sim --config .dependency-cruiser.cjs \
  --include-only '^(lib|app|components|sim)/' --output-type dot --collapse '^(lib/[^/]+|app|components|sim)' \
  | dot -Tsvg > docs/layers.svg
echo "docs:graph: wrote docs/layers.svg"
