#!/bin/sh
# Deal Scout's PostgreSQL. First start: initdb with pg_stat_statements preloaded (the API Latency runbook
# reads it), the deals database, a few thousand deals and the notifications table; then postgres in the
# foreground.
set -eu
: "${PGDATA:?}" "${PGPORT:?}" "${DB_NAME:?}" "${DB_USER:?}" "${DB_PASSWORD:?}"
MARKER="$PGDATA/warroom-initialized"

if [ ! -e "$MARKER" ]; then
  rm -rf "$PGDATA"
  # --no-sync: a simulation; syncing a fresh cluster takes minutes on a busy disk.
  initdb --no-sync --no-locale -E UTF8 -U postgres -D "$PGDATA" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '/var/run/postgresql'
max_connections = 50
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
shared_buffers = 16MB
jit = off
client_connection_check_interval = 1000
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
CONF
  cat >"$PGDATA/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
HBA
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  psql -v ON_ERROR_STOP=1 -q -U postgres -d postgres <<SQL
CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
CREATE DATABASE $DB_NAME OWNER $DB_USER;
GRANT pg_monitor TO $DB_USER;
SQL
  psql -v ON_ERROR_STOP=1 -q -U postgres -d "$DB_NAME" -c "CREATE EXTENSION pg_stat_statements;"
  psql -v ON_ERROR_STOP=1 -q -U "$DB_USER" -d "$DB_NAME" <<SQL
CREATE TABLE deals (
  id integer PRIMARY KEY,
  title text NOT NULL,
  marketplace text NOT NULL,
  price_cents integer NOT NULL,
  discount_pct integer NOT NULL
);
INSERT INTO deals SELECT g, 'deal ' || g, CASE WHEN g % 3 = 0 THEN 'amazon' ELSE 'ebay' END,
  499 + g % 50000, g % 70 FROM generate_series(1, 5000) g;
CREATE INDEX deals_discount ON deals (discount_pct DESC);
CREATE TABLE notifications (
  id serial PRIMARY KEY,
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX notifications_status ON notifications (status);
ANALYZE deals;
SQL
  # Set-up statements are slow on a busy host; they are not the application's queries.
  psql -v ON_ERROR_STOP=1 -q -U postgres -d "$DB_NAME" -c "SELECT pg_stat_statements_reset();" >/dev/null
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  touch "$MARKER"
  echo "postgres: initialized"
fi

exec postgres -D "$PGDATA"
