import "server-only";
import net from "node:net";
import pg from "pg";
import type { ProbeContext } from "@/lib/model/probe";
import { errorCode, errorMessage, raceSignal } from "@/lib/probes/infra/deadline";
import type { InfraFailure } from "@/lib/probes/infra/infra-result";

export type PgTarget = {
  /** postgres:// URL, or host/port/user/password/database. */
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /** "host:port" for messages. */
  endpoint: string;
  /** PgBouncer's admin console rejects unknown startup parameters such as statement_timeout. */
  isPgBouncer?: boolean;
};

export type PgSession<T> =
  | { ok: true; value: T; connectMs: number }
  | ({ ok: false; connectMs: number | null } & InfraFailure);

/**
 * Open one connection, run `work`, close it. Never throws; honours ctx.signal by destroying the socket,
 * so a server that accepts and never answers costs nothing after the deadline.
 */
export async function withPgClient<T>(
  target: PgTarget,
  ctx: ProbeContext,
  work: (client: pg.Client) => Promise<T>,
): Promise<PgSession<T>> {
  let socket: net.Socket | undefined;
  const { endpoint, isPgBouncer, ...conn } = target;
  const client = new pg.Client({
    ...conn,
    connectionTimeoutMillis: ctx.timeoutMs,
    query_timeout: ctx.timeoutMs,
    ...(isPgBouncer ? {} : { statement_timeout: ctx.timeoutMs, application_name: "warroom-probe" }),
    stream: () => {
      socket = new net.Socket();
      return socket;
    },
  });
  // A server that drops an idle connection emits "error" on the client; unhandled, it would crash us.
  client.on("error", () => {});
  const started = performance.now();
  let connectMs: number | null = null;
  const raced = await raceSignal(
    ctx.signal,
    (async () => {
      await client.connect();
      connectMs = Math.round((performance.now() - started) * 10) / 10;
      return work(client);
    })(),
    () => socket?.destroy(),
  );
  close(client, () => socket?.destroy());

  if (raced.kind === "value") return { ok: true, value: raced.value, connectMs: connectMs ?? 0 };
  if (raced.kind === "aborted") {
    const phase = connectMs === null ? "no answer from" : "no reply to the query from";
    return {
      ok: false,
      connectMs,
      level: "crit",
      condition: "[RESPONSE] within deadline",
      reason: `${phase} ${endpoint} within ${ctx.timeoutMs} ms`,
    };
  }
  return { ok: false, connectMs, ...describePgError(raced.error, endpoint, target, ctx.timeoutMs) };
}

/** A polite Terminate; a server that never closes is cut off a second later. */
function close(client: pg.Client, destroy: () => void): void {
  const timer = setTimeout(destroy, 1000);
  timer.unref();
  client
    .end()
    .catch(() => destroy())
    .finally(() => clearTimeout(timer));
}

const AUTH_CODES = new Set(["28P01", "28000"]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME"]);

/** Map a pg / socket error to a level and a one-line reason naming the endpoint. */
export function describePgError(
  err: unknown,
  endpoint: string,
  target: Pick<PgTarget, "user" | "database" | "connectionString">,
  timeoutMs: number,
): InfraFailure {
  const code = errorCode(err) ?? "";
  const message = errorMessage(err);
  const user = target.user ?? userOf(target.connectionString) ?? "(default user)";
  const connected = "[CONNECTED] == true";
  if (code === "ECONNREFUSED")
    return { level: "crit", condition: connected, reason: `connection refused by ${endpoint}` };
  if (
    code === "ECONNRESET" ||
    code === "EPIPE" ||
    /terminated unexpectedly|Connection terminated/i.test(message)
  ) {
    return {
      level: "crit",
      condition: connected,
      reason: `connection to ${endpoint} closed unexpectedly: ${message}`,
    };
  }
  if (/timeout expired|Query read timeout/i.test(message)) {
    return {
      level: "crit",
      condition: "[RESPONSE] within deadline",
      reason: `no answer from ${endpoint} within ${timeoutMs} ms`,
    };
  }
  if (code === "57014") {
    return {
      level: "crit",
      condition: "[QUERY] within deadline",
      reason: `query cancelled on ${endpoint} after ${timeoutMs} ms (statement_timeout)`,
    };
  }
  if (code === "53300")
    return { level: "crit", condition: connected, reason: `${endpoint} refused the connection: ${message}` };
  if (code === "57P03")
    return {
      level: "crit",
      condition: connected,
      reason: `${endpoint} is not accepting connections: ${message}`,
    };
  if (AUTH_CODES.has(code)) {
    return {
      level: "unknown",
      condition: "[AUTH] succeeds",
      reason: `authentication failed for user "${user}" on ${endpoint}: ${message}`,
    };
  }
  if (code === "3D000")
    return { level: "unknown", condition: "[DATABASE] exists", reason: `${message} on ${endpoint}` };
  if (DNS_CODES.has(code))
    return { level: "unknown", condition: "[DNS] resolves", reason: `cannot resolve ${endpoint} (${code})` };
  return {
    level: "unknown",
    condition: "[QUERY] succeeds",
    reason: `${endpoint}: ${code ? `${code} ` : ""}${message}`,
  };
}

function userOf(connectionString: string | undefined): string | undefined {
  if (!connectionString) return undefined;
  try {
    return decodeURIComponent(new URL(connectionString).username) || undefined;
  } catch {
    return undefined;
  }
}
