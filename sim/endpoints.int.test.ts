import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sim, startSim } from "./index";
import { freePort, get, getJson, tryConnect } from "./testing/net";

const EPHEMERAL = { api: 0, tls: 0, mcp: 0, control: 0 };
let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ ports: EPHEMERAL, env: {} });
});
afterAll(async () => {
  await sim?.stop();
});

const product = {
  id: expect.stringMatching(/^bw-\d+$/),
  name: expect.any(String),
  price: expect.any(Number),
  currency: "USD",
  retailer: expect.any(String),
  asin: expect.any(String),
};

describe.each(["http", "https"] as const)("API over %s", (scheme) => {
  const base = () => (scheme === "http" ? sim.urls.api : sim.urls.apiTls);

  it("GET /health", async () => {
    const res = await getJson(`${base()}/health`);
    expect(res).toMatchObject({
      status: 200,
      body: { status: "ok", ts: expect.any(String), catalog: { total_products: 1342817 } },
    });
    const ts = (res.body as { ts: string }).ts;
    expect(Math.abs(Date.parse(ts) - Date.now())).toBeLessThan(5000);
  });

  it("GET /health/detailed", async () => {
    const res = await getJson(`${base()}/health/detailed`);
    expect(res).toMatchObject({
      status: 200,
      body: { status: "healthy", dependencies: { db: "ok", redis: "ok" } },
    });
    const ms = (res.body as { db_response_ms: number }).db_response_ms;
    expect(Number.isInteger(ms) && ms >= 5 && ms <= 20).toBe(true);
  });

  it.each(["/v1/search?q=laptop&limit=3&currency=USD", "/api/search?q=laptop&currency=USD&limit=3"])(
    "GET %s",
    async (path) => {
      const res = await getJson(`${base()}${path}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ total: 7000, products: [product, product, product] });
      for (const p of (res.body as { products: { name: string }[] }).products)
        expect(p.name).toMatch(/laptop/i);
    },
  );

  it("search: no match is total 0, a foreign currency is a 400", async () => {
    expect(await getJson(`${base()}/api/search?q=xyzzy`)).toMatchObject({
      status: 200,
      body: { total: 0, products: [] },
    });
    expect(await getJson(`${base()}/v1/search?q=laptop&currency=EUR`)).toMatchObject({
      status: 400,
      body: { detail: expect.stringContaining("EUR") },
    });
  });

  it("GET /v1/products?limit=4", async () => {
    const res = await getJson(`${base()}/v1/products?limit=4`);
    expect(res).toEqual({
      status: 200,
      body: { total: 1342817, products: [product, product, product, product] },
      ms: expect.any(Number),
    });
  });

  it("GET /api/products/:id, the runbook's search-then-detail chain", async () => {
    const search = await getJson(`${base()}/api/search?q=laptop&limit=1`);
    const id = (search.body as { products: { id: string }[] }).products[0]?.id;
    const detail = await getJson(`${base()}/api/products/${id}`);
    expect(detail).toMatchObject({
      status: 200,
      body: { id, name: expect.stringMatching(/laptop/i), currency: "USD" },
    });
    expect(await getJson(`${base()}/api/products/bw-424242`)).toMatchObject({
      status: 404,
      body: { detail: "Product not found" },
    });
  });

  it("GET /go/:asin is a 302 to amazon.com with the affiliate tag", async () => {
    for (const asin of ["B09G9HDHJT", "test-asin"]) {
      const res = await get(`${base()}/go/${asin}`);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`https://www.amazon.com/dp/${asin}?tag=buywhere-20`);
    }
  });

  it("GET /v1/status", async () => {
    expect(await getJson(`${base()}/v1/status`)).toMatchObject({
      status: 200,
      body: { status: "ok", total_active_products: 1342817 },
    });
  });

  it("GET /mcp/health proxies the MCP server", async () => {
    expect(await getJson(`${base()}/mcp/health`)).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it("GET /metrics is Prometheus text with the counter and the histogram per route", async () => {
    await get(`${base()}/v1/search?q=laptop&limit=1`);
    const res = await get(`${base()}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toMatch(/^http_requests_total\{status="200"\} \d+$/m);
    for (const le of [
      "0.005",
      "0.01",
      "0.025",
      "0.05",
      "0.1",
      "0.25",
      "0.5",
      "1",
      "2.5",
      "5",
      "10",
      "+Inf",
    ]) {
      expect(res.body).toMatch(
        new RegExp(
          `^http_request_duration_seconds_bucket\\{handler="/v1/search",le="${le.replace("+", "\\+")}"\\} \\d+$`,
          "m",
        ),
      );
    }
    expect(res.body).toMatch(/^http_request_duration_seconds_sum\{handler="\/v1\/search"\} [\d.]+$/m);
    expect(res.body).toMatch(/^http_request_duration_seconds_count\{handler="\/v1\/search"\} [1-9]\d*$/m);
  });

  it("unknown paths are a 404 JSON", async () => {
    expect(await getJson(`${base()}/api/health`)).toMatchObject({
      status: 404,
      body: { detail: "Not Found" },
    });
  });
});

describe("MCP server", () => {
  it("GET /health", async () => {
    expect(await getJson(`${sim.urls.mcp}/health`)).toMatchObject({ status: 200, body: { status: "ok" } });
    expect((await get(`${sim.urls.mcp}/other`)).status).toBe(404);
  });
});

describe("control endpoint", () => {
  it("GET /health names the ports", async () => {
    expect(await getJson(`${sim.urls.control}/health`)).toMatchObject({
      status: 200,
      body: { status: "ok", ports: sim.ports, faults: sim.faults() },
    });
  });

  it("switches faults over HTTP and says the new state", async () => {
    const on = await fetch(`${sim.urls.control}/faults/api-500`, { method: "PUT" });
    expect(on.status).toBe(200);
    expect(await on.json()).toMatchObject({ fault: "api-500", on: true, faults: { "api-500": true } });
    expect((await get(`${sim.urls.api}/health`)).status).toBe(500);

    const off = await fetch(`${sim.urls.control}/faults/api-500`, { method: "DELETE" });
    expect(await off.json()).toMatchObject({ fault: "api-500", on: false, faults: { "api-500": false } });
    expect((await get(`${sim.urls.api}/health`)).status).toBe(200);

    await fetch(`${sim.urls.control}/faults/db-slow`, { method: "POST" });
    await fetch(`${sim.urls.control}/faults/affiliate-broken`, { method: "POST" });
    expect(sim.faults()).toMatchObject({ "db-slow": true, "affiliate-broken": true });
    const reset = await fetch(`${sim.urls.control}/reset`, { method: "POST" });
    expect(await reset.json()).toEqual({ faults: sim.faults() });
    expect(Object.values(sim.faults()).some(Boolean)).toBe(false);
  });

  it("lists every fault and refuses an unknown one by naming the known ones", async () => {
    const list = (await (await fetch(`${sim.urls.control}/faults`)).json()) as {
      faults: Record<string, boolean>;
    };
    expect(Object.keys(list.faults)).toEqual([
      "api-down",
      "api-500",
      "slow-search",
      "db-slow",
      "affiliate-broken",
      "mcp-down",
      "cert-expiring",
      "ingestion-stale",
      "amazon-missing",
      "pricing-wrong",
    ]);
    const res = await fetch(`${sim.urls.control}/faults/pool-exhausted`, { method: "PUT" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/pool-exhausted.*api-down, api-500/);
  });
});

describe("startSim", () => {
  it("refuses a port in use, naming it, and leaves nothing listening behind", async () => {
    const mcpPort = await freePort();
    await expect(startSim({ ports: { ...EPHEMERAL, mcp: mcpPort, api: sim.ports.api } })).rejects.toThrow(
      `127.0.0.1:${sim.ports.api}: is already in use`,
    );
    expect(await tryConnect(mcpPort)).toBe("ECONNREFUSED");
    expect(await tryConnect(sim.ports.api)).toBe("connected");
  });
});
