#!/usr/bin/env bash
# Generates the Prisma client into lib/db/generated/prisma (gitignored).
# Offline-safe: `prisma generate` first tries to download the native schema engine and fails
# without internet unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file (it is not run).
# Skips the work when schema.prisma and the Prisma version are unchanged; --force regenerates.
set -euo pipefail
cd "$(dirname "$0")/.."

out=lib/db/generated/prisma
stamp="$out/.schema-stamp"
version=$(node -p 'require("prisma/package.json").version')
want=$(cat prisma/schema.prisma <(echo "$version") | sha256sum | cut -d' ' -f1)

if [[ "${1:-}" != "--force" && -f "$stamp" && "$(cat "$stamp")" == "$want" && -f "$out/client.ts" ]]; then
  echo "prisma client up to date ($out)"
  exit 0
fi

export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$PWD/scripts/prisma-generate.sh}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
npx --no-install prisma generate --schema prisma/schema.prisma
echo "$want" >"$stamp"
