import "server-only";
import { Redis } from "ioredis";
import type { ProbeContext } from "@/lib/model/probe";
import { elapsedSince, errorCode, errorMessage, raceSignal } from "@/lib/probes/infra/deadline";
import type { InfraFailure } from "@/lib/probes/infra/infra-result";

export type RedisSession<T> = { ok: true; value: T; connectMs: number } | ({ ok: false } & InfraFailure);

/**
 * Connect (lazily, no retries, no offline queue), run `work`, disconnect. Never throws; at ctx.signal
 * the socket is dropped at once, so a server that accepts and never answers costs nothing after.
 */
export async function withRedis<T>(
  url: string,
  endpoint: string,
  ctx: ProbeContext,
  work: (redis: Redis) => Promise<T>,
): Promise<RedisSession<T>> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: ctx.timeoutMs,
    commandTimeout: ctx.timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    autoResubscribe: false,
    connectionName: "warroom-probe",
    // A polite QUIT-less close; a server that never closes its side is cut off after this.
    disconnectTimeout: 500,
  });
  // The root cause (ECONNREFUSED, WRONGPASS) arrives as an event; the command itself then only fails with
  // "Connection is closed" or "Stream isn't writeable". Without a listener ioredis logs it as unhandled.
  let firstError: unknown;
  redis.on("error", (err: unknown) => {
    firstError ??= err;
  });
  const hardClose = () => {
    redis.disconnect();
    // Before connect() the stream does not exist yet.
    (redis.stream as Redis["stream"] | undefined)?.destroy();
  };
  const started = performance.now();
  let connectMs = 0;
  const raced = await raceSignal(
    ctx.signal,
    (async () => {
      await redis.connect();
      connectMs = elapsedSince(started);
      return work(redis);
    })(),
    hardClose,
  );
  if (raced.kind === "value") redis.disconnect();
  else hardClose();
  if (raced.kind === "value") return { ok: true, value: raced.value, connectMs };
  if (raced.kind === "aborted") {
    return {
      ok: false,
      level: "crit",
      condition: "[RESPONSE] within deadline",
      reason: `no answer from Redis at ${endpoint} within ${ctx.timeoutMs} ms`,
    };
  }
  return { ok: false, ...describeRedisError(firstError ?? raced.error, endpoint, ctx.timeoutMs) };
}

export function describeRedisError(err: unknown, endpoint: string, timeoutMs: number): InfraFailure {
  const code = errorCode(err) ?? "";
  const message = errorMessage(err);
  const connected = "[CONNECTED] == true";
  if (code === "ECONNREFUSED")
    return { level: "crit", condition: connected, reason: `connection refused by Redis at ${endpoint}` };
  if (code === "ECONNRESET" || code === "EPIPE" || /Connection is closed/i.test(message)) {
    return { level: "crit", condition: connected, reason: `Redis at ${endpoint} closed the connection` };
  }
  if (code === "ETIMEDOUT" || /Command timed out/i.test(message)) {
    return {
      level: "crit",
      condition: "[RESPONSE] within deadline",
      reason: `no answer from Redis at ${endpoint} within ${timeoutMs} ms`,
    };
  }
  if (/NOAUTH|WRONGPASS|invalid password|AUTH.*without any password/i.test(message)) {
    return {
      level: "unknown",
      condition: "[AUTH] succeeds",
      reason: `authentication failed on Redis at ${endpoint}: ${message}`,
    };
  }
  if (/^LOADING/.test(message))
    return { level: "crit", condition: "[READY]", reason: `Redis at ${endpoint} is loading its dataset` };
  if (/ENOTFOUND|EAI_AGAIN/.test(code))
    return { level: "unknown", condition: "[DNS] resolves", reason: `cannot resolve ${endpoint} (${code})` };
  return { level: "unknown", condition: "[COMMAND] succeeds", reason: `Redis at ${endpoint}: ${message}` };
}
