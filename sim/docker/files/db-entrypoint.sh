#!/bin/sh
# PostgreSQL primary of the simulated stack. First start: initdb, roles, the catalog database with its
# migration table and a generated products table; then postgres in the foreground.
set -eu
: "${PGDATA:?}" "${PGPORT:?}" "${DB_NAME:?}" "${DB_USER:?}" "${DB_PASSWORD:?}"
: "${REPLICATION_USER:?}" "${REPLICATION_PASSWORD:?}" "${ALEMBIC_VERSION:?}" "${SIM_PRODUCTS:?}"
MARKER="$PGDATA/warroom-initialized"

if [ ! -e "$MARKER" ]; then
  rm -rf "$PGDATA"
  echo "db: initdb"
  initdb --no-locale -E UTF8 -U postgres -D "$PGDATA" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '/var/run/postgresql'
max_connections = 100
wal_level = replica
max_wal_senders = 5
wal_keep_size = 256MB
hot_standby = on
jit = off
# Backends notice a client that went away mid-query (the pool-exhaustion clients are killed, not closed).
client_connection_check_interval = 1000
# A simulation: durability is not the point, start-up time is.
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
CONF
  cat >"$PGDATA/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
host replication $REPLICATION_USER 127.0.0.1/32 scram-sha-256
HBA
  # Set-up runs with no TCP listener, so nothing (nor the health check) sees a half-made database.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  echo "db: creating $DB_NAME with $SIM_PRODUCTS products"
  psql -v ON_ERROR_STOP=1 -q -U postgres -d postgres <<SQL
CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
CREATE ROLE $REPLICATION_USER REPLICATION LOGIN PASSWORD '$REPLICATION_PASSWORD';
CREATE DATABASE $DB_NAME OWNER $DB_USER;
-- Monitoring reads pg_stat_activity and pg_stat_replication as this user.
GRANT pg_monitor TO $DB_USER;
SQL
  psql -v ON_ERROR_STOP=1 -q -U "$DB_USER" -d "$DB_NAME" <<SQL
CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);
INSERT INTO alembic_version VALUES ('$ALEMBIC_VERSION');
CREATE TABLE products (
  id integer PRIMARY KEY,
  sku text NOT NULL,
  price_cents integer NOT NULL,
  currency char(3) NOT NULL DEFAULT 'USD'
);
INSERT INTO products (id, sku, price_cents) SELECT g, 'bw-' || g, 99 + g % 100000 FROM generate_series(1, $SIM_PRODUCTS) g;
ANALYZE products;
SQL
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  touch "$MARKER"
  echo "db: initialized"
fi

exec postgres -D "$PGDATA"
