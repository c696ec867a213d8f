"""Deal alerts by email through SMTP (the stand-in's): the backend's pending notifications, each sent and
marked sent; a failed send is counted, logged, and stays pending."""
import json
import os
import smtplib
import urllib.request
from email.message import EmailMessage

from app.tasks.events import record
from app.worker import app

BACKEND = os.environ["BACKEND_URL"]


def _backend(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{BACKEND}{path}", data=data, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=3) as res:
        return json.load(res)


@app.task(name="app.tasks.notify.send_notifications")
def send_notifications():
    try:
        ids = _backend("/internal/notifications/pending")["ids"]
    except Exception as err:
        print(f"WARNING notifications: cannot list pending ones: {err}", flush=True)
        return 0
    if not ids:
        return 0
    sent = []
    try:
        with smtplib.SMTP(os.environ["SMTP_HOST"], int(os.environ["SMTP_PORT"]), timeout=3) as smtp:
            smtp.login(os.environ["SMTP_USER"], os.environ["SMTP_PASSWORD"])
            for notification in ids:
                msg = EmailMessage()
                msg["From"] = "alerts@deal-scout.local"
                msg["To"] = "subscriber@deal-scout.local"
                msg["Subject"] = f"New deal (alert {notification})"
                msg.set_content("A tracked item dropped in price.")
                smtp.send_message(msg)
                record("dealscout:email:sent")
                sent.append(notification)
    except Exception as err:
        record("dealscout:email:failed")
        print(f"ERROR smtp send failed: {err}", flush=True)
    if sent:
        try:
            _backend("/internal/notifications/sent", {"ids": sent})
        except Exception as err:
            print(f"WARNING notifications: cannot mark {len(sent)} sent: {err}", flush=True)
    return len(sent)
