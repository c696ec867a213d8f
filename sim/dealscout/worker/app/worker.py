"""Deal Scout's celery app, as the runbook names it: `celery -A app.worker …`."""
import os

from celery import Celery

from app import redis_reconnect

# Debian's kombu 5.2.4 can leave the worker deaf after Redis restarts (app/redis_reconnect.py).
redis_reconnect.apply()

app = Celery("app.worker", broker=os.environ["REDIS_URL"], include=["app.tasks.scan", "app.tasks.notify"])
# The runbook's worker stores no results; beat drives both tasks every few seconds, as a scan cadence would.
every = float(os.environ.get("BEAT_EVERY_S", "2"))
app.conf.update(
    task_ignore_result=True,
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
    beat_schedule={
        "scan-all": {"task": "app.tasks.scan.scan_all", "schedule": every},
        "send-notifications": {"task": "app.tasks.notify.send_notifications", "schedule": every},
    },
)
celery_app = app
