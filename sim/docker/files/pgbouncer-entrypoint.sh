#!/bin/sh
# PgBouncer of the simulated stack, in front of the primary; runs as the pgbouncer user (it refuses root).
set -eu
: "${PGBOUNCER_PORT:?}" "${DB_PORT:?}" "${DB_NAME:?}" "${POOL_SIZE:?}" "${MAX_CLIENT_CONN:?}" "${ADMIN_USER:?}"
cat >/tmp/pgbouncer.ini <<INI
[databases]
$DB_NAME = host=127.0.0.1 port=$DB_PORT dbname=$DB_NAME

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir = /tmp
auth_type = scram-sha-256
auth_file = /etc/pgbouncer/userlist.txt
admin_users = $ADMIN_USER
stats_users = $ADMIN_USER
pool_mode = transaction
default_pool_size = $POOL_SIZE
max_client_conn = $MAX_CLIENT_CONN
ignore_startup_parameters = extra_float_digits,options
log_connections = 0
log_disconnections = 0
INI
exec pgbouncer /tmp/pgbouncer.ini
