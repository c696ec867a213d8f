import type { IncomingMessage, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import type { Metrics } from "../../metrics";

export type BackendFaults = Record<
  "errors" | "latency" | "slow-queries" | "memory" | "db-connections",
  boolean
>;

type Deps = {
  db: Pool;
  redis: Redis;
  metrics: Metrics;
  faults: () => BackendFaults;
  log: (line: string) => void;
};

const TOP_DEALS =
  "SELECT id, title, price_cents, discount_pct FROM deals ORDER BY discount_pct DESC LIMIT 10";
// A real slow statement: pg_stat_statements records it with its own mean time.
const TOP_DEALS_SLOW =
  "SELECT id, title, price_cents, discount_pct FROM deals, pg_sleep(0.6) ORDER BY discount_pct DESC LIMIT 10";
const ALERTS = "SELECT count(*)::int AS n FROM deals WHERE discount_pct >= 50";
/** Five minutes, as the runbook's marketplace and email alerts count. */
const WINDOW_S = 300;
const ERROR_SHARE = 0.3;

export function createBackendHandler(deps: Deps) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://backend.local").pathname;
    const send = (status: number, body: unknown, type = "application/json") =>
      res
        .writeHead(status, { "content-type": type })
        .end(typeof body === "string" ? body : JSON.stringify(body));
    if (path === "/health") {
      health(deps).then(
        (body) => send(200, body),
        (err: unknown) => send(500, { status: "error", detail: String(err) }),
      );
      return;
    }
    if (path === "/metrics") return send(200, deps.metrics.render(), "text/plain; version=0.0.4");
    const route = ROUTES[path];
    if (route) {
      const started = performance.now();
      route(deps).then(
        ({ status, body }) => {
          deps.metrics.observe({ status, seconds: (performance.now() - started) / 1000, handler: path });
          send(status, body);
        },
        () => undefined,
      );
      return;
    }
    if (path.startsWith("/internal/notifications/")) {
      notifications(deps, req, path).then(
        ({ status, body }) => send(status, body),
        (err: unknown) => send(500, { detail: String(err) }),
      );
      return;
    }
    send(404, { detail: "Not Found" });
  };
}

type Answer = { status: number; body: unknown };

/** The API's routes with their own traffic: /api/deals carries the scenarios, /api/alerts stays healthy. */
const ROUTES: Record<string, (deps: Deps) => Promise<Answer>> = {
  "/api/deals": deals,
  "/api/alerts": alerts,
};

async function alerts(deps: Deps): Promise<Answer> {
  try {
    const { rows } = await deps.db.query(ALERTS);
    return { status: 200, body: { alerts: rows[0]?.n ?? 0 } };
  } catch (err) {
    deps.log(`ERROR [db] GET /api/alerts: ${err instanceof Error ? err.message : String(err)}`);
    return { status: 500, body: { detail: "Internal Server Error" } };
  }
}

/** The worker's side of the notifications table: the pending ones to send, then the ones it sent. */
async function notifications(deps: Deps, req: IncomingMessage, path: string): Promise<Answer> {
  if (req.method === "GET" && path === "/internal/notifications/pending") {
    const { rows } = await deps.db.query(
      "SELECT id FROM notifications WHERE status = 'pending' ORDER BY id LIMIT 10",
    );
    return { status: 200, body: { ids: rows.map((r: { id: number }) => r.id) } };
  }
  if (req.method === "POST" && path === "/internal/notifications/sent") {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const ids = (JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { ids?: unknown }).ids;
    const list = Array.isArray(ids) ? ids.filter((n): n is number => Number.isInteger(n)) : [];
    await deps.db.query(
      "UPDATE notifications SET status = 'sent', sent_at = now() WHERE id = ANY($1::int[])",
      [list],
    );
    return { status: 200, body: { sent: list.length } };
  }
  return { status: 404, body: { detail: "Not Found" } };
}

async function deals(deps: Deps): Promise<Answer> {
  const faults = deps.faults();
  if (faults.latency) await new Promise((r) => setTimeout(r, 700));
  // 003 Memory Issues: the backend's large query results, as its ORM logs them.
  if (faults.memory) deps.log("INFO [db] GET /api/deals: loaded 250000 objects (price history)");
  if (faults.errors && Math.random() < ERROR_SHARE) {
    deps.log("ERROR [api] GET /api/deals: ValueError: price history missing for deal");
    return { status: 500, body: { detail: "Internal Server Error" } };
  }
  await deps.redis.incr("dealscout:views").catch((err: Error) => {
    deps.log(`ERROR [redis] ${err.message}`);
  });
  try {
    const { rows } = await deps.db.query(faults["slow-queries"] ? TOP_DEALS_SLOW : TOP_DEALS);
    return { status: 200, body: { deals: rows } };
  } catch (err) {
    deps.log(`ERROR [db] GET /api/deals: ${err instanceof Error ? err.message : String(err)}`);
    return { status: 500, body: { detail: "Internal Server Error" } };
  }
}

async function health(deps: Deps) {
  const db = await deps.db
    .query("SELECT 1")
    .then(() => "ok" as const)
    .catch(() => "error" as const);
  const now = Date.now() / 1000;
  const count = (key: string) => deps.redis.zcount(key, now - WINDOW_S, "+inf");
  const fromRedis = await Promise.all([
    deps.redis.ping(),
    deps.redis.llen("celery"),
    count("dealscout:ebay:ok"),
    count("dealscout:ebay:errors"),
    count("dealscout:email:sent"),
    count("dealscout:email:failed"),
  ]).catch(() => null);
  const redis = fromRedis ? "ok" : "error";
  const [, queueDepth, ebayOk, ebayErrors, sent, failed] = fromRedis ?? [];
  const attempts = (sent ?? 0) + (failed ?? 0);
  return {
    status: db === "ok" && redis === "ok" ? "ok" : "degraded",
    db,
    redis,
    // Unknown (null) when Redis cannot be read: never a 0 that measured nothing.
    queue_depth: queueDepth ?? null,
    marketplaces: {
      ebay: fromRedis ? { calls_5m: (ebayOk ?? 0) + (ebayErrors ?? 0), errors_5m: ebayErrors } : null,
    },
    notifications: fromRedis
      ? {
          sent_5m: sent,
          failed_5m: failed,
          failure_rate_pct: attempts === 0 ? null : Math.round(((failed ?? 0) / attempts) * 1000) / 10,
        }
      : null,
  };
}
