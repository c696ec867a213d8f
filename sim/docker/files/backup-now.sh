#!/bin/sh
# The stack's backup command (deploy §1.5 "./deploy.sh backup"): a dump of the catalog database (the
# generated products rows left out to keep it small) into $BACKUP_DIR, written under a temporary name and
# renamed when complete; the newest KEEP_BACKUPS are kept.
set -eu
DIR="${BACKUP_DIR:-/backups}"
KEEP="${KEEP_BACKUPS:-5}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$DIR/${DB_NAME}-${stamp}.sql"
pg_dump -h 127.0.0.1 -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" --exclude-table-data=products >"$out.partial"
mv "$out.partial" "$out"
total="$(ls -1 "$DIR"/"${DB_NAME}"-*.sql | wc -l)"
if [ "$total" -gt "$KEEP" ]; then
  ls -1 "$DIR"/"${DB_NAME}"-*.sql | sort | head -n "$((total - KEEP))" | while read -r old; do rm -f "$old"; done
fi
echo "backup written: $out ($(wc -c <"$out") bytes)"
