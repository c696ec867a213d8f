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
  };
}

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
): { res: ApiResponse; delayMs: number } {
  const now = (res: ApiResponse) => ({ res, delayMs: 0 });
  const { method, path } = req;
  if (path === "/health") {
    if (s.ciaStatus === 503) return now(json(503, { status: "unhealthy", detail: "Service Unavailable" }));
    const lastSync = new Date(Date.now() - s.ciaSyncAgeHours * 3_600_000).toISOString();
    return now(
      json(s.ciaStatus, {
        status: "healthy",
        data_status: { last_sync_at: lastSync, customers_loaded: s.ciaCustomersLoaded },
      }),
    );
  }
  if (s.ciaStatus === 503) return now(json(503, { detail: "Service Unavailable" }));
  if (path.startsWith("/admin/")) {
    if (req.header("x-admin-key") !== adminKey) return now(json(401, { detail: "Invalid admin key" }));
    if (path === "/admin/cache/stats") return now(json(200, { hit_rate: s.ciaHitRate, keys: 9120 }));
    if (path === "/admin/db/pool")
      return now(json(200, { pool_size: CIA_POOL_SIZE, checked_out: s.ciaPoolCheckedOut, overflow: 0 }));
  }
  const api =
    (path === "/api/mcp/customer/random" && method === "GET") ||
    (path === "/api/mcp/search" && method === "POST");
  if (api) {
    // 004 P2 Authentication: "Current implementation uses ADMIN_KEY for all customers".
    if (req.header("x-api-key") !== adminKey)
      return now(json(401, { detail: "Invalid or inactive API key" }));
    const delayMs = s.ciaLatencyMs;
    if (path === "/api/mcp/search") return { res: json(200, { total: 1, results: [CUSTOMER] }), delayMs };
    return { res: json(200, CUSTOMER), delayMs };
  }
  return now(json(404, { detail: "Not Found" }));
}

const CUSTOMER = {
  customer_id: "C-10442",
  lifetime_value: 1840.5,
  total_orders: 23,
  days_since_last_purchase: 12,
};
