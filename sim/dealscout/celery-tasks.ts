import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { celeryBroadcast, dbOfRedisUrl } from "@/lib/probes/infra/celery-inspect";

/**
 * Celery task messages (protocol 2, JSON) pushed onto the `celery` list, exactly as `send_task` writes
 * them, so the real worker runs them once it consumes again. Node sends 1,500 in one pipeline in well
 * under a second, where a Python client takes seconds on a loaded host.
 */
export function taskMessage(task: string, args: readonly unknown[] = []): string {
  const id = randomUUID();
  const body = Buffer.from(
    JSON.stringify([args, {}, { callbacks: null, errbacks: null, chain: null, chord: null }]),
  ).toString("base64");
  return JSON.stringify({
    body,
    "content-encoding": "utf-8",
    "content-type": "application/json",
    headers: {
      lang: "py",
      task,
      id,
      shadow: null,
      eta: null,
      expires: null,
      group: null,
      group_index: null,
      retries: 0,
      timelimit: [null, null],
      root_id: id,
      parent_id: null,
      argsrepr: `(${args.map((a) => JSON.stringify(a)).join(", ")}${args.length === 1 ? "," : ""})`,
      kwargsrepr: "{}",
      origin: "warroom-sim",
      ignore_result: true,
    },
    properties: {
      correlation_id: id,
      reply_to: randomUUID(),
      delivery_mode: 2,
      delivery_info: { exchange: "", routing_key: "celery" },
      priority: 0,
      body_encoding: "base64",
      delivery_tag: randomUUID(),
    },
  });
}

async function withRedis<T>(url: string, work: (r: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
  try {
    await redis.connect();
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

export function enqueueTasks(
  url: string,
  task: string,
  count: number,
  args: readonly unknown[] = [],
): Promise<number> {
  return withRedis(url, async (redis) => {
    const pipe = redis.pipeline();
    for (let i = 0; i < count; i++) pipe.lpush("celery", taskMessage(task, args));
    await pipe.exec();
    return redis.llen("celery");
  });
}

/** `celery control cancel_consumer celery` / `add_consumer celery`: the workers' replies by node name. */
export function setConsuming(url: string, consuming: boolean): Promise<Record<string, unknown>> {
  return withRedis(url, (redis) =>
    celeryBroadcast(
      redis,
      dbOfRedisUrl(url),
      consuming ? "add_consumer" : "cancel_consumer",
      { queue: "celery" },
      3000,
    ),
  );
}

/** `celery purge`: the queued tasks are dropped (the runbook's warning: all of them). */
export function purgeQueue(url: string): Promise<number> {
  return withRedis(url, async (redis) => {
    const n = await redis.llen("celery");
    await redis.del("celery");
    return n;
  });
}

/** Until a worker answers `inspect ping` (a worker takes seconds to reconnect after Redis comes back). */
export async function waitForWorker(url: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const replies = await withRedis(url, (redis) =>
      celeryBroadcast(redis, dbOfRedisUrl(url), "ping", {}, 1000),
    ).catch(() => ({}));
    if (Object.keys(replies).length > 0) return Object.keys(replies);
    if (Date.now() > deadline)
      throw new Error(`no celery worker answered ping on ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
