import { z } from "zod";
import { type ApiResponse, json, redirect, text } from "./api-response";
import {
  catalogUnder,
  DEFAULT_LIMIT,
  findProduct,
  listProducts,
  MAX_LIMIT,
  searchCatalog,
  TOTAL_PRODUCTS,
} from "./catalog";
import type { FaultState } from "./faults";
import type { Random } from "./prng";
import { listSources } from "./sources";

export type ApiRequest = { method: string; path: string; query: URLSearchParams };

export type McpCheck = { ok: true } | { ok: false; detail: string };

export type ApiContext = {
  faults: Readonly<FaultState>;
  random: Random;
  slowSearchMs: number;
  now: () => Date;
  renderMetrics: () => string;
  checkMcp: (signal: AbortSignal) => Promise<McpCheck>;
  /** Waits `ms`, rejecting when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted when the client goes away, so slow answers do not outlive their request. */
  signal: AbortSignal;
};

export const AFFILIATE_TAG = "buywhere-20";
const PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

const limitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .transform((n) => Math.min(n, MAX_LIMIT))
  .default(DEFAULT_LIMIT);

const searchQuerySchema = z.object({
  q: z.string().default(""),
  limit: limitSchema,
  currency: z.string().default("USD"),
});
const listQuerySchema = z.object({ limit: limitSchema });

type Route = (req: ApiRequest, ctx: ApiContext, param: string) => Promise<ApiResponse> | ApiResponse;

const EXACT_ROUTES: Record<string, Route> = {
  "/health": (_req, ctx) =>
    json(200, { status: "ok", ts: ctx.now().toISOString(), catalog: { total_products: TOTAL_PRODUCTS } }),
  "/health/detailed": healthDetailed,
  "/v1/search": search,
  "/api/search": search,
  "/v1/products": (req) => {
    const query = parseQuery(listQuerySchema, req.query);
    if (!query.ok) return query.response;
    return json(200, { total: TOTAL_PRODUCTS, products: listProducts(query.data.limit) });
  },
  "/v1/status": () => json(200, { status: "ok", total_active_products: TOTAL_PRODUCTS }),
  "/api/sources": (req, ctx) =>
    json(200, listSources(ctx.now(), req.query.get("region"), ctx.faults["ingestion-stale"])),
  "/mcp/health": mcpHealth,
  "/metrics": (_req, ctx) => text(200, ctx.renderMetrics(), PROMETHEUS_TEXT),
};

const PREFIX_ROUTES: [string, Route][] = [
  [
    "/api/products/",
    (_req, _ctx, id) => {
      const product = findProduct(id);
      return product ? json(200, product) : json(404, { detail: "Product not found" });
    },
  ],
  [
    "/go/",
    (_req, ctx, asin) => {
      const target = `https://www.amazon.com/dp/${encodeURIComponent(asin)}`;
      return redirect(ctx.faults["affiliate-broken"] ? target : `${target}?tag=${AFFILIATE_TAG}`);
    },
  ],
];

/** The whole API: a function of the fault state and the request. */
export async function respondToApiRequest(req: ApiRequest, ctx: ApiContext): Promise<ApiResponse> {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, "") : req.path;
  if (ctx.faults["api-500"] && path !== "/metrics") {
    return json(500, { status: "error", detail: "Internal Server Error" });
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    return json(405, { detail: "Method Not Allowed" }, { allow: "GET, HEAD" });
  }
  const exact = EXACT_ROUTES[path];
  if (exact) return exact(req, ctx, "");
  for (const [prefix, route] of PREFIX_ROUTES) {
    const param = path.startsWith(prefix) ? decodeSegment(path.slice(prefix.length)) : null;
    if (param) return route(req, ctx, param);
  }
  return json(404, { detail: "Not Found" });
}

async function healthDetailed(_req: ApiRequest, ctx: ApiContext): Promise<ApiResponse> {
  const slow = ctx.faults["db-slow"];
  const dbMs = slow ? 820 + Math.floor(ctx.random() * 60) : 5 + Math.floor(ctx.random() * 16);
  // The health check waits on its DB ping, so the answer takes as long as it reports.
  await ctx.sleep(dbMs, ctx.signal);
  return json(200, {
    status: slow ? "degraded" : "healthy",
    db_response_ms: dbMs,
    dependencies: { db: slow ? "degraded" : "ok", redis: "ok" },
  });
}

async function search(req: ApiRequest, ctx: ApiContext): Promise<ApiResponse> {
  const query = parseQuery(searchQuerySchema, req.query);
  if (!query.ok) return query.response;
  const { q, limit, currency } = query.data;
  if (currency.toUpperCase() !== "USD") {
    return json(400, { detail: `Unsupported currency "${currency}": only USD prices are available` });
  }
  if (ctx.faults["slow-search"]) await ctx.sleep(ctx.slowSearchMs, ctx.signal);
  return json(200, searchCatalog(q, limit, catalogUnder(ctx.faults)));
}

async function mcpHealth(_req: ApiRequest, ctx: ApiContext): Promise<ApiResponse> {
  const check: McpCheck = ctx.faults["mcp-down"]
    ? { ok: false, detail: "MCP server is down" }
    : await ctx.checkMcp(ctx.signal);
  return check.ok ? json(200, { status: "ok" }) : json(503, { status: "unavailable", detail: check.detail });
}

type Parsed<T> = { ok: true; data: T } | { ok: false; response: ApiResponse };

function parseQuery<T>(schema: z.ZodType<T>, query: URLSearchParams): Parsed<T> {
  const parsed = schema.safeParse(Object.fromEntries(query));
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "query";
  return {
    ok: false,
    response: json(400, { detail: `Invalid query parameter ${field}: ${issue?.message}` }),
  };
}

function decodeSegment(raw: string): string | null {
  if (raw === "" || raw.includes("/")) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
