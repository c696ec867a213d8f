import { Redis } from "ioredis";
import { REDIS_MAXMEMORY_BYTES, stackUrls } from "../stack-config";
import type { FaultContext, StackFaultImpl } from "./fault-context";

export const REDIS_FILL_PREFIX = "warroom:fill:";
/** Over the runbooks' 85% critical level; `fault on redis-fill 80` stops in the warning band instead. */
export const REDIS_FILL_DEFAULT_PERCENT = 90;
const CHUNK_BYTES = 256 * 1024;
const MAX_WRITES = 2000;

export type RedisMemory = { used: number; max: number; percent: number };

export function parseRedisMemory(info: string): RedisMemory {
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, "m").exec(info)?.[1] ?? Number.NaN);
  const used = field("used_memory");
  const max = field("maxmemory");
  return { used, max, percent: max > 0 ? (used / max) * 100 : 0 };
}

function parsePercent(arg: string | undefined): number {
  if (arg === undefined) return REDIS_FILL_DEFAULT_PERCENT;
  const n = Number(arg);
  if (!Number.isFinite(n) || n <= 0 || n > 99)
    throw new Error(`redis-fill takes a percent of maxmemory from 1 to 99, got "${arg}"`);
  return n;
}

async function withRedis<T>(ctx: FaultContext, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(stackUrls(ctx.settings.ports).redis, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  redis.on("error", () => undefined);
  await redis.connect();
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

async function fillKeys(redis: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${REDIS_FILL_PREFIX}*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

/** Writes real keys into the stack's Redis (maxmemory 64 MB, noeviction) until used_memory reaches the percent. */
export const redisFill: StackFaultImpl = {
  summary: `fills Redis with ${REDIS_FILL_PREFIX}* keys to ${REDIS_FILL_DEFAULT_PERCENT}% of maxmemory (${REDIS_MAXMEMORY_BYTES / 1024 / 1024} MB)`,
  arg: "percent of maxmemory (default 90; e.g. 80 for the warning band)",
  isOn: (ctx) => withRedis(ctx, async (redis) => (await fillKeys(redis)).length > 0),
  on: (ctx, arg) =>
    withRedis(ctx, async (redis) => {
      const target = parsePercent(arg);
      let memory = parseRedisMemory(await redis.info("memory"));
      if (!(memory.max > 0)) throw new Error("the stack's Redis has no maxmemory set");
      let n = (await fillKeys(redis)).length;
      for (let writes = 0; memory.percent < target && writes < MAX_WRITES; writes++) {
        const missing = (memory.max * target) / 100 - memory.used;
        const size = Math.max(1024, Math.min(CHUNK_BYTES, Math.floor(missing)));
        n += 1;
        await redis.set(`${REDIS_FILL_PREFIX}${n}`, "x".repeat(size));
        memory = parseRedisMemory(await redis.info("memory"));
      }
      return `redis used_memory ${memory.used} of maxmemory ${memory.max} (${memory.percent.toFixed(1)}%)`;
    }),
  off: (ctx) =>
    withRedis(ctx, async (redis) => {
      const keys = await fillKeys(redis);
      for (let i = 0; i < keys.length; i += 500) await redis.unlink(...keys.slice(i, i + 500));
      const memory = parseRedisMemory(await redis.info("memory"));
      return `removed ${keys.length} fill keys; redis at ${memory.percent.toFixed(1)}% of maxmemory`;
    }),
};
