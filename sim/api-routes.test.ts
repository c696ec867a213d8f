import { describe, expect, it } from "vitest";
import { type ApiContext, type McpCheck, respondToApiRequest } from "./api-routes";
import { createFaultState, type SimFault } from "./faults";
import { createRandom } from "./prng";

type Call = { slept: number[]; mcpChecks: number };

function context(on: SimFault[] = [], mcp: McpCheck = { ok: true }): { ctx: ApiContext; call: Call } {
  const faults = createFaultState();
  for (const f of on) faults[f] = true;
  const call: Call = { slept: [], mcpChecks: 0 };
  const ctx: ApiContext = {
    faults,
    random: createRandom(1),
    slowSearchMs: 3000,
    now: () => new Date("2026-04-23T13:00:00Z"),
    renderMetrics: () => 'http_requests_total{status="200"} 1\n',
    checkMcp: async () => {
      call.mcpChecks += 1;
      return mcp;
    },
    sleep: async (ms) => {
      call.slept.push(ms);
    },
    signal: new AbortController().signal,
  };
  return { ctx, call };
}

async function get(path: string, on: SimFault[] = [], method = "GET", mcp?: McpCheck) {
  const { ctx, call } = context(on, mcp);
  const url = new URL(path, "http://sim.local");
  const res = await respondToApiRequest({ method, path: url.pathname, query: url.searchParams }, ctx);
  const body: unknown = res.headers["content-type"]?.startsWith("application/json")
    ? JSON.parse(res.body)
    : res.body;
  return { ...res, body, call };
}

describe("respondToApiRequest without faults", () => {
  it.each([
    ["/health", 200, { status: "ok", ts: "2026-04-23T13:00:00.000Z", catalog: { total_products: 1342817 } }],
    ["/health/", 200, { status: "ok", ts: "2026-04-23T13:00:00.000Z", catalog: { total_products: 1342817 } }],
    ["/v1/status", 200, { status: "ok", total_active_products: 1342817 }],
    ["/mcp/health", 200, { status: "ok" }],
    [
      "/api/products/bw-1006",
      200,
      expect.objectContaining({
        id: "bw-1006",
        name: expect.stringContaining("Laptop"),
        price: 1099,
        currency: "USD",
      }),
    ],
    ["/api/products/bw-0000", 404, { detail: "Product not found" }],
    [
      "/v1/search?q=laptop&limit=2&currency=USD",
      200,
      {
        total: 7000,
        products: [expect.objectContaining({ id: "bw-1006" }), expect.objectContaining({ id: "bw-1007" })],
      },
    ],
    ["/api/search?q=iphone&currency=usd&limit=5", 200, { total: 3000, products: expect.any(Array) }],
    ["/api/search?q=nothing-like-this", 200, { total: 0, products: [] }],
    ["/v1/search?q=laptop&currency=EUR", 400, { detail: expect.stringContaining("EUR") }],
    ["/v1/search?q=laptop&limit=abc", 400, { detail: expect.stringContaining("limit") }],
    ["/v1/search?q=laptop&limit=0", 400, { detail: expect.stringContaining("limit") }],
    ["/v1/products?limit=1", 200, { total: 1342817, products: [expect.objectContaining({ id: "bw-1001" })] }],
    ["/v1/products", 200, { total: 1342817, products: expect.arrayContaining([]) }],
    ["/nope", 404, { detail: "Not Found" }],
    ["/go/", 404, { detail: "Not Found" }],
    ["/api/health", 404, { detail: "Not Found" }],
  ])("GET %s -> %i", async (path, status, body) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(body);
  });

  it("caps limit at 100 and defaults it to 10", async () => {
    expect(((await get("/v1/products")).body as { products: unknown[] }).products).toHaveLength(10);
    expect(((await get("/v1/search?limit=1000")).body as { products: unknown[] }).products).toHaveLength(21);
  });

  it.each([
    ["/go/B09G9HDHJT", "https://www.amazon.com/dp/B09G9HDHJT?tag=buywhere-20"],
    ["/go/test-asin", "https://www.amazon.com/dp/test-asin?tag=buywhere-20"],
    ["/go/a%20b%3Fx", "https://www.amazon.com/dp/a%20b%3Fx?tag=buywhere-20"],
  ])("GET %s redirects to %s", async (path, location) => {
    const res = await get(path);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(location);
  });

  it("reports a fast DB and waits for it", async () => {
    const res = await get("/health/detailed");
    const body = res.body as { db_response_ms: number };
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: "healthy",
      db_response_ms: expect.any(Number),
      dependencies: { db: "ok", redis: "ok" },
    });
    expect(body.db_response_ms).toBeGreaterThanOrEqual(5);
    expect(body.db_response_ms).toBeLessThanOrEqual(20);
    expect(res.call.slept).toEqual([body.db_response_ms]);
  });

  it("serves Prometheus text on /metrics", async () => {
    const res = await get("/metrics");
    expect(res.headers["content-type"]).toContain("text/plain");
    expect(res.body).toContain('http_requests_total{status="200"}');
  });

  it("answers 405 to writes and accepts HEAD", async () => {
    expect((await get("/health", [], "POST")).status).toBe(405);
    expect((await get("/health", [], "HEAD")).status).toBe(200);
  });

  it("answers 503 on /mcp/health when the MCP check fails", async () => {
    const res = await get("/mcp/health", [], "GET", { ok: false, detail: "MCP unreachable: ECONNREFUSED" });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: "unavailable", detail: "MCP unreachable: ECONNREFUSED" });
  });
});

describe("respondToApiRequest with faults", () => {
  it.each(["/health", "/health/detailed", "/v1/search?q=laptop", "/go/B09G9HDHJT", "/mcp/health", "/nope"])(
    "api-500: %s -> 500",
    async (path) => {
      const res = await get(path, ["api-500"]);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ status: "error", detail: "Internal Server Error" });
    },
  );

  it("api-500 leaves /metrics alone", async () => {
    expect((await get("/metrics", ["api-500"])).status).toBe(200);
  });

  it.each(["/v1/search?q=laptop", "/api/search?q=iphone"])(
    "slow-search delays %s by slowSearchMs",
    async (path) => {
      const res = await get(path, ["slow-search"]);
      expect(res.status).toBe(200);
      expect(res.call.slept).toEqual([3000]);
      expect((await get(path)).call.slept).toEqual([]);
    },
  );

  it("slow-search does not delay other endpoints", async () => {
    expect((await get("/health", ["slow-search"])).call.slept).toEqual([]);
    expect((await get("/v1/products", ["slow-search"])).call.slept).toEqual([]);
  });

  it("db-slow: degraded, ~850 ms, still 200", async () => {
    const res = await get("/health/detailed", ["db-slow"]);
    const body = res.body as { status: string; db_response_ms: number };
    expect(res.status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.db_response_ms).toBeGreaterThanOrEqual(820);
    expect(body.db_response_ms).toBeLessThan(880);
    expect(res.call.slept).toEqual([body.db_response_ms]);
  });

  it("affiliate-broken drops the tag", async () => {
    const res = await get("/go/B09G9HDHJT", ["affiliate-broken"]);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("https://www.amazon.com/dp/B09G9HDHJT");
  });

  it("mcp-down answers 503 without asking the MCP", async () => {
    const res = await get("/mcp/health", ["mcp-down"]);
    expect(res.status).toBe(503);
    expect(res.call.mcpChecks).toBe(0);
  });
});

describe("/api/sources (launch day T+4h)", () => {
  it("lists the four US sources with their last run, all within 4 h", async () => {
    const res = await get("/api/sources?region=us");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { name: "amazon", region: "us", last_run: "2026-04-23T12:25:00.000Z" },
      { name: "walmart", region: "us", last_run: "2026-04-23T12:10:00.000Z" },
      { name: "bestbuy", region: "us", last_run: "2026-04-23T11:55:00.000Z" },
      { name: "target", region: "us", last_run: "2026-04-23T11:40:00.000Z" },
    ]);
    expect((await get("/api/sources?region=sg")).body).toEqual([]);
  });

  it("ingestion-stale: Walmart last ran 5 h ago", async () => {
    const res = await get("/api/sources?region=us", ["ingestion-stale"]);
    const walmart = (res.body as { name: string; last_run: string }[]).find((s) => s.name === "walmart");
    expect(walmart?.last_run).toBe("2026-04-23T08:00:00.000Z");
  });

  it("amazon-missing: Amazon's listings drop out of search, the total with them", async () => {
    type Body = { total: number; products: { retailer: string }[] };
    const before = (await get("/v1/search?q=iphone&limit=10")).body as Body;
    const res = (await get("/v1/search?q=iphone&limit=10", ["amazon-missing"])).body as Body;
    expect(before.products.map((p) => p.retailer)).toEqual(["amazon", "amazon", "bestbuy"]);
    expect(res).toEqual({ total: 1000, products: [expect.objectContaining({ retailer: "bestbuy" })] });
  });

  it("pricing-wrong: Walmart's products are priced in SGD, the others stay USD", async () => {
    type Body = { products: { retailer: string; currency: string; price: number }[] };
    const res = (await get("/v1/search?q=laptop&limit=20", ["pricing-wrong"])).body as Body;
    const walmart = res.products.filter((p) => p.retailer === "walmart");
    expect(walmart).toEqual([expect.objectContaining({ currency: "SGD", price: 782.99 })]);
    expect(res.products.filter((p) => p.retailer !== "walmart").every((p) => p.currency === "USD")).toBe(
      true,
    );
  });
});
