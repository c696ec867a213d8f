#!/usr/bin/env bash
# All tests: lint, types, unit, integration (real PostgreSQL + embedded PGlite), Deal Scout's stack, build, the
# container image, browser end-to-end, and a smoke run of the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/ensure-services.sh
bash scripts/prisma-generate.sh

echo "== lint";        node_modules/.bin/biome check . && node_modules/.bin/depcruise lib app components sim --config .dependency-cruiser.cjs --output-type err
echo "== typecheck";   node_modules/.bin/tsc --noEmit
echo "== unit";        node_modules/.bin/vitest run --project unit
# The containerised stack has fixed container names: take turns with any other run on this machine.
echo "== integration"; bash scripts/with-stack-lock.sh node_modules/.bin/vitest run --project int
# Deal Scout's own containerised stack (fixed names and ports): up once for the project, removed after.
echo "== deal scout";  bash scripts/with-stack-lock.sh node_modules/.bin/vitest run --project dealscout
echo "== build";       node_modules/.bin/next build
# Whole dashboards of that build: `next start` replicas on one PostgreSQL (a rollback across them uses a test stack).
echo "== served";      bash scripts/with-stack-lock.sh node_modules/.bin/vitest run --project served
# The container image from that build's standalone output, run against the containerised stack.
echo "== image";       bash scripts/with-stack-lock.sh node_modules/.bin/vitest run --project image
echo "== end-to-end";  node_modules/.bin/playwright test
# `npm run demo` as a new user runs it, on this install and build; the containerised stack takes turns too.
echo "== demo smoke";  bash scripts/with-stack-lock.sh node scripts/demo-smoke.mjs
