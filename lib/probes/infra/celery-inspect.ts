import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * `celery inspect <method>` (and `celery control`) over Celery's Redis transport, as kombu speaks it: a broadcast on the pidbox
 * fan-out channel, the replies pushed to a reply queue bound to `reply.celery.pidbox`. Each worker that
 * is alive answers; a worker that is dead, or a broker without workers, gives no reply at all.
 */
export type CeleryReplies = Record<string, unknown>;

const SEP = "\x06\x16";
const REPLY_EXCHANGE = "reply.celery.pidbox";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

/** The fan-out channel of database `db`: kombu prefixes it with `/<db>.`. */
export const pidboxChannel = (db: number) => `/${db}.celery.pidbox`;

export function dbOfRedisUrl(url: string): number {
  const path = new URL(url).pathname.replace(/^\//, "");
  return path === "" ? 0 : Number(path);
}

export function pidboxMessage(
  method: string,
  args: Record<string, unknown>,
  routingKey: string,
  ticket: string,
  expiresAt: number,
) {
  const body = {
    method,
    arguments: args,
    destination: null,
    pattern: null,
    matcher: null,
    ticket,
    reply_to: { exchange: REPLY_EXCHANGE, routing_key: routingKey },
  };
  return JSON.stringify({
    body: b64(body),
    "content-encoding": "utf-8",
    "content-type": "application/json",
    headers: { clock: 1, expires: expiresAt },
    properties: {
      delivery_mode: 2,
      delivery_info: { exchange: "celery.pidbox", routing_key: "" },
      priority: 0,
      body_encoding: "base64",
      delivery_tag: randomUUID(),
    },
  });
}

/** One reply envelope → `{ "<worker>": <answer> }`, or null when it is not a reply to `ticket`. */
export function parseReply(raw: string, ticket: string): CeleryReplies | null {
  try {
    const envelope = JSON.parse(raw) as { body?: string; headers?: { ticket?: string } };
    if (envelope.headers?.ticket !== ticket || typeof envelope.body !== "string") return null;
    const body = JSON.parse(Buffer.from(envelope.body, "base64").toString("utf8")) as unknown;
    return typeof body === "object" && body !== null ? (body as CeleryReplies) : null;
  } catch {
    return null;
  }
}

/**
 * Broadcasts `method` and collects the replies that arrive within `waitMs` (celery's own `-t`, default
 * 1 s): every worker's answer, keyed by its node name. `redis` must be a connection of its own (BRPOP blocks it).
 */
export async function celeryInspect(
  redis: Redis,
  db: number,
  method: "ping" | "active" | "stats" | "reserved" | "scheduled" | "active_queues",
  waitMs: number,
): Promise<CeleryReplies> {
  return celeryBroadcast(redis, db, method, {}, waitMs);
}

/** Any remote-control command (`celery control <method>`), e.g. cancel_consumer with { queue }. */
export async function celeryBroadcast(
  redis: Redis,
  db: number,
  method: string,
  args: Record<string, unknown>,
  waitMs: number,
): Promise<CeleryReplies> {
  const routingKey = randomUUID();
  const ticket = randomUUID();
  const queue = `${routingKey}.${REPLY_EXCHANGE}`;
  const binding = `_kombu.binding.${REPLY_EXCHANGE}`;
  const member = `${routingKey}${SEP}${SEP}${queue}`;
  await redis.sadd(binding, member);
  const replies: CeleryReplies = {};
  try {
    await redis.publish(
      pidboxChannel(db),
      pidboxMessage(method, args, routingKey, ticket, Date.now() / 1000 + waitMs / 1000),
    );
    const deadline = Date.now() + waitMs;
    for (let left = waitMs; left > 0; left = deadline - Date.now()) {
      // BRPOP's timeout is in seconds; a fraction is allowed since Redis 6.
      const popped = await redis.brpop(queue, Math.max(0.01, left / 1000));
      if (!popped) break;
      Object.assign(replies, parseReply(popped[1], ticket) ?? {});
    }
  } finally {
    await redis.srem(binding, member).catch(() => undefined);
    await redis.del(queue).catch(() => undefined);
  }
  return replies;
}
