"""Deal alerts by email through SMTP (the stand-in's); a failed send is counted and logged."""
import os
import smtplib
from email.message import EmailMessage

from app.tasks.events import record
from app.worker import app


@app.task(name="app.tasks.notify.send_notifications")
def send_notifications():
    msg = EmailMessage()
    msg["From"] = "alerts@deal-scout.local"
    msg["To"] = "subscriber@deal-scout.local"
    msg["Subject"] = "New deal"
    msg.set_content("A tracked item dropped in price.")
    try:
        with smtplib.SMTP(os.environ["SMTP_HOST"], int(os.environ["SMTP_PORT"]), timeout=3) as smtp:
            smtp.login(os.environ["SMTP_USER"], os.environ["SMTP_PASSWORD"])
            smtp.send_message(msg)
        record("dealscout:email:sent")
        return 1
    except Exception as err:
        record("dealscout:email:failed")
        print(f"ERROR smtp send failed: {err}", flush=True)
        return 0
