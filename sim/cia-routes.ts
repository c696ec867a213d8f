import { type ApiResponse, json } from "./api-response";
import type { Metrics } from "./metrics";
import { normal, type Random } from "./prng";

/** The Customer Intelligence API's conditions (runbook 004) the sim can switch. */
export type CiaState = {
  /** Hours since the last sync (004 P2: stale beyond 24 h). */
  ciaSyncAgeHours: number;
  /** DB pool connections checked out of CIA_POOL_SIZE (004 P1 cause B). */
  ciaPoolCheckedOut: number;
  /** Cache hit rate 0..1 (004 P1 cause A: 0.75 good, 0.1 bad). */
  ciaHitRate: number;
  /** 503 is 004's P0 example, "API returns 503 for all requests"; 201 on /health is up (004 SLOs). */
  ciaStatus: 200 | 201 | 503;
  /** Median response time of the API in ms (004 P1: normal < 500 ms, degraded > 2000 ms). */
  ciaLatencyMs: number;
  /** Shares of background requests answered 5xx, 429 (rate limited) and 401 (refused key). */
  ciaErrorRate: number;
  ciaRateLimitedRate: number;
  ciaUnauthorizedRate: number;
  /** data_status.customers_loaded on /health (004 P2 diagnosis). */
  ciaCustomersLoaded: number;
  /** Redis down (004 P1 cause A): every call reaches the database, and the hit rate reads 0. */
  ciaCacheDown: boolean;
  /** When the newest sync started (epoch ms; POST /admin/sync-sales sets it), null when none has here. */
  ciaSyncStartedAt: number | null;
  /** How long a sync takes (004: 2–10 minutes, shortened here). */
  ciaSyncMs: number;
  /** 004 P0 cause E: a sync that started never completes. */
  ciaSyncHung: boolean;
  /** How long an AI-powered (natural-language) query takes (004 SLO: < 3000 ms). */
  ciaNlQueryMs: number;
};

export const CIA_POOL_SIZE = 30;

export function defaultCiaState(): CiaState {
  return {
    ciaSyncAgeHours: 3,
    ciaPoolCheckedOut: 6,
    ciaHitRate: 0.82,
    ciaStatus: 200,
    ciaLatencyMs: 150,
    ciaErrorRate: 0.002,
    ciaRateLimitedRate: 0,
    ciaUnauthorizedRate: 0,
    ciaCustomersLoaded: 48210,
    ciaCacheDown: false,
    ciaSyncStartedAt: null,
    ciaSyncMs: 1500,
    ciaSyncHung: false,
    ciaNlQueryMs: 900,
  };
}

/** The hung sync of 004 P0 cause E: started `minutesAgo` and never completing. */
export function ciaHungSync(minutesAgo = 12, now = Date.now()): Partial<CiaState> {
  return { ciaSyncHung: true, ciaSyncStartedAt: now - minutesAgo * 60_000 };
}

/** When the newest sync completed (epoch ms), null while it runs, hangs, or when none started here. */
function syncCompletedAt(s: CiaState, now: number): number | null {
  if (s.ciaSyncStartedAt === null || s.ciaSyncHung) return null;
  const done = s.ciaSyncStartedAt + s.ciaSyncMs;
  return now >= done ? done : null;
}

/** How long after a fill the sim's cache still answers: the cache check's second call comes at once. */
export const CIA_CACHE_TTL_MS = 200;
/** An answer from the cache, without the database's time. */
export const CIA_CACHED_MS = 5;

/**
 * The API's Redis cache, as far as timing goes: an answer is kept for CIA_CACHE_TTL_MS, so the same call
 * made again at once is served from memory, and calls a collector cycle apart are not.
 */
export function createCiaCache(ttlMs = CIA_CACHE_TTL_MS) {
  const ready = new Map<string, number>();
  return {
    /** The delay of this call's answer, and the answer kept from when it is sent. */
    delay(key: string, s: CiaState, now: number): number {
      const at = ready.get(key);
      if (!s.ciaCacheDown && at !== undefined && now >= at && now - at <= ttlMs) return CIA_CACHED_MS;
      // Calls in flight together: the first answer sent fills the cache.
      const sent = now + s.ciaLatencyMs;
      ready.set(key, at !== undefined && at > now ? Math.min(at, sent) : sent);
      return s.ciaLatencyMs;
    },
  };
}
export type CiaCache = ReturnType<typeof createCiaCache>;

/** What a route may use besides the state: the clock, the cache, and a way to change the state (a sync). */
export type CiaContext = { now: number; cache: CiaCache; update: (change: Partial<CiaState>) => void };

/** One second of background traffic in /metrics, with the statuses and latency the state says. */
export function ciaBackgroundLoad(metrics: Metrics, random: Random, rps: number, s: CiaState): void {
  for (let i = 0; i < rps; i++) {
    const seconds = Math.max(0.002, (s.ciaLatencyMs / 1000) * Math.exp(0.6 * normal(random)));
    const r = random();
    const status =
      s.ciaStatus === 503
        ? 503
        : r < s.ciaErrorRate
          ? 500
          : r < s.ciaErrorRate + s.ciaRateLimitedRate
            ? 429
            : r < s.ciaErrorRate + s.ciaRateLimitedRate + s.ciaUnauthorizedRate
              ? 401
              : 200;
    metrics.observe({ status, seconds });
  }
}

export type CiaRequest = { method: string; path: string; header: (name: string) => string | undefined };

/** The answer and how long to wait before sending it (the API's own latency for /api/mcp/*). */
export function ciaRoute(
  req: CiaRequest,
  s: CiaState,
  adminKey: string,
  ctx: CiaContext,
): { res: ApiResponse; delayMs: number } {
  const now = (res: ApiResponse) => ({ res, delayMs: 0 });
  const { method, path } = req;
  if (path === "/health") return now(health(s, ctx.now));
  if (s.ciaStatus === 503) return now(json(503, { detail: "Service Unavailable" }));
  if (path.startsWith("/admin/")) {
    if (req.header("x-admin-key") !== adminKey) return now(json(401, { detail: "Invalid admin key" }));
    if (path === "/admin/cache/stats")
      return now(json(200, { hit_rate: s.ciaCacheDown ? 0 : s.ciaHitRate, keys: s.ciaCacheDown ? 0 : 9120 }));
    if (path === "/admin/db/pool")
      return now(json(200, { pool_size: CIA_POOL_SIZE, checked_out: s.ciaPoolCheckedOut, overflow: 0 }));
    if (path === "/admin/sync-sales" && method === "POST") return now(startSync(s, ctx));
  }
  // 004 P2 Authentication: "Current implementation uses ADMIN_KEY for all customers".
  const keyed = path.startsWith("/api/mcp/") && req.header("x-api-key") === adminKey;
  if (path.startsWith("/api/mcp/") && !keyed)
    return now(json(401, { detail: "Invalid or inactive API key" }));
  if (path === "/api/mcp/customer/random" && method === "GET")
    return { res: json(200, CUSTOMER), delayMs: ctx.cache.delay(`${method} ${path}`, s, ctx.now) };
  if (path === "/api/mcp/search" && method === "POST") {
    const delayMs = ctx.cache.delay(`${method} ${path}`, s, ctx.now);
    return { res: json(200, { total: 1, results: [CUSTOMER] }), delayMs };
  }
  // The natural-language query (004 SLO "AI-powered queries"; the runbook names no endpoint, see the
  // preset's note nl-query-endpoint): answered by the model, never from the cache.
  if (path === "/api/mcp/query" && method === "POST")
    return { res: json(200, { answer: "1 customer matches", results: [CUSTOMER] }), delayMs: s.ciaNlQueryMs };
  return now(json(404, { detail: "Not Found" }));
}

function health(s: CiaState, now: number): ApiResponse {
  if (s.ciaStatus === 503) return json(503, { status: "unhealthy", detail: "Service Unavailable" });
  const completed = syncCompletedAt(s, now);
  const lastSync = Math.max(now - s.ciaSyncAgeHours * 3_600_000, completed ?? 0);
  return json(s.ciaStatus, {
    status: "healthy",
    data_status: {
      last_sync_at: new Date(lastSync).toISOString(),
      sync_started_at: s.ciaSyncStartedAt === null ? null : new Date(s.ciaSyncStartedAt).toISOString(),
      customers_loaded: s.ciaCustomersLoaded,
    },
  });
}

/** 004 P2 fix: POST /admin/sync-sales starts a sync; file locking refuses a second while one runs. */
function startSync(s: CiaState, ctx: CiaContext): ApiResponse {
  if (s.ciaSyncStartedAt !== null && syncCompletedAt(s, ctx.now) === null) {
    const since = new Date(s.ciaSyncStartedAt).toISOString();
    return json(409, { status: "sync_in_progress", message: `a sync started at ${since} is still running` });
  }
  ctx.update({ ciaSyncStartedAt: ctx.now });
  return json(200, { status: "sync_started", message: "Sales sync started in the background" });
}

const CUSTOMER = {
  customer_id: "C-10442",
  lifetime_value: 1840.5,
  total_orders: 23,
  days_since_last_purchase: 12,
};
