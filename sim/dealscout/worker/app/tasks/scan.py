"""The marketplace scan: eBay's search (the stand-in's) per category; every failed call is counted."""
import json
import os
import urllib.request

from app.tasks.events import record
from app.worker import app

EBAY = os.environ["EBAY_API_URL"]


CATEGORIES = ["phones", "laptops", "tablets", "audio", "cameras"]


@app.task(name="app.tasks.scan.scan_all")
def scan_all():
    found = 0
    for category in CATEGORIES:
        url = f"{EBAY}/buy/browse/v1/item_summary/search?q={category}&limit=5"
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {os.environ.get('EBAY_APP_ID', '')}"})
        try:
            with urllib.request.urlopen(req, timeout=3) as res:
                found += len(json.load(res).get("itemSummaries", []))
            record("dealscout:ebay:ok")
        except Exception as err:  # every failed call counts, whatever its kind
            record("dealscout:ebay:errors")
            print(f"ERROR ebay scan of {category} failed: {err}", flush=True)
    return found
