"""Outcomes the backend's /health counts over five minutes: sorted sets of timestamps in Redis."""
import os
import time
import uuid

import redis

_r = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=2)
KEEP_S = 900


def record(key: str) -> None:
    now = time.time()
    pipe = _r.pipeline()
    pipe.zadd(key, {f"{now}:{uuid.uuid4().hex[:8]}": now})
    pipe.zremrangebyscore(key, 0, now - KEEP_S)
    pipe.execute()
