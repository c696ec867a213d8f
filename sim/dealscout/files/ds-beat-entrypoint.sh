#!/bin/sh
# celery beat with its schedule file in /tmp (the image is read-only for this user elsewhere).
exec python3 -m celery -A app.worker beat -s /tmp/celerybeat-schedule --pidfile= -l info
