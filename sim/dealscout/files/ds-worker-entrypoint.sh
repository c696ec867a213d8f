#!/bin/sh
# One solo worker (a small stack on two cores); the node name is fixed, host networking shares the hostname.
touch /tmp/alive
exec python3 -m celery -A app.worker worker -P solo -n "worker1@deal-scout" -l info -E
