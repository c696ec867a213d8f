#!/bin/sh
# Streaming replica of the simulated stack's primary: pg_basebackup on first start (retried until the
# primary accepts it), then postgres as a hot standby on its own port.
set -eu
: "${PGDATA:?}" "${PGPORT:?}" "${PRIMARY_PORT:?}" "${REPLICATION_USER:?}" "${REPLICATION_PASSWORD:?}"
MARKER="$PGDATA/warroom-initialized"

if [ ! -e "$MARKER" ]; then
  tries=0
  until PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" \
    -U "$REPLICATION_USER" -D "$PGDATA" -X stream -c fast; do
    tries=$((tries + 1))
    if [ "$tries" -ge 120 ]; then echo "db_replica: the primary never accepted a base backup"; exit 1; fi
    rm -rf "$PGDATA"
    sleep 1
  done
  touch "$PGDATA/standby.signal"
  cat >>"$PGDATA/postgresql.auto.conf" <<CONF
primary_conninfo = 'host=127.0.0.1 port=$PRIMARY_PORT user=$REPLICATION_USER password=$REPLICATION_PASSWORD application_name=db_replica'
CONF
  touch "$MARKER"
  echo "db_replica: base backup taken"
fi

exec postgres -D "$PGDATA" -c port="$PGPORT"
