import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Sim, startSim } from "./index";
import { diffMetrics, errorRate, parseMetrics, quantileSeconds, totalRequests } from "./testing/metrics-math";
import { daysUntil, get, getJson, peerCertificate, tryConnect, waitFor, within } from "./testing/net";

let sim: Sim;

beforeAll(async () => {
  // Default slow-search delay (3 s) and synthetic load (40 req/s): what the demo and the board see.
  sim = await startSim({ ports: { api: 0, tls: 0, mcp: 0, control: 0 }, env: {} });
});
afterEach(async () => {
  await sim.reset();
});
afterAll(async () => {
  await sim?.stop();
});

const scrape = async () => parseMetrics((await get(`${sim.urls.api}/metrics`)).body);

/** Scrapes until at least `min` new requests were counted since `before`, then returns the delta. */
async function windowSince(before: Awaited<ReturnType<typeof scrape>>, min: number) {
  return waitFor(async () => {
    const delta = diffMetrics(before, await scrape());
    return totalRequests(delta) >= min ? delta : undefined;
  }, `${min} requests in /metrics`);
}

describe("api-down", () => {
  it("refuses connections on HTTP and HTTPS, drops keep-alive sockets, and comes back on the same ports", async () => {
    const { api, tls } = sim.ports;
    const socket = connect(api, "127.0.0.1");
    const firstResponse = new Promise<string>((resolve) => socket.once("data", (d) => resolve(String(d))));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write("GET /health HTTP/1.1\r\nHost: sim\r\nConnection: keep-alive\r\n\r\n");
    expect(await firstResponse).toMatch(/^HTTP\/1\.1 200/);

    await sim.setFault("slow-search", true);
    const inFlight = connect(api, "127.0.0.1");
    let inFlightAnswer = "";
    inFlight.on("data", (d) => {
      inFlightAnswer += String(d);
    });
    inFlight.on("error", () => undefined);
    const inFlightClosed = new Promise<void>((resolve) => inFlight.once("close", () => resolve()));
    await new Promise((resolve) => inFlight.once("connect", resolve));
    inFlight.write("GET /v1/search?q=laptop HTTP/1.1\r\nHost: sim\r\n\r\n");

    const started = performance.now();
    await sim.setFault("api-down", true);
    expect(performance.now() - started).toBeLessThan(3000); // does not wait for the in-flight request
    await within(closed, 1000, "the idle keep-alive socket closing");
    await within(inFlightClosed, 1000, "the in-flight slow search being cut");
    expect(inFlightAnswer).toBe("");
    expect(await tryConnect(api)).toBe("ECONNREFUSED");
    expect(await tryConnect(tls)).toBe("ECONNREFUSED");
    expect(await tryConnect(sim.ports.control)).toBe("connected");

    await sim.setFault("api-down", false);
    expect((await get(`${sim.urls.api}/health`)).status).toBe(200);
    expect((await get(`${sim.urls.apiTls}/health`)).status).toBe(200);
    expect(sim.ports).toMatchObject({ api, tls });
  });
});

describe("api-500", () => {
  it("answers 500 everywhere but /metrics, and the scraped 5xx rate rises then falls", async () => {
    const before = await scrape();
    await sim.setFault("api-500", true);
    for (const path of [
      "/health",
      "/health/detailed",
      "/v1/search?q=laptop",
      "/go/B09G9HDHJT",
      "/v1/status",
    ]) {
      expect(await getJson(`${sim.urls.api}${path}`)).toMatchObject({
        status: 500,
        body: { status: "error", detail: "Internal Server Error" },
      });
    }
    expect((await get(`${sim.urls.apiTls}/health`)).status).toBe(500);
    const during = await windowSince(before, 40);
    expect(during.byStatus.get("500") ?? 0).toBeGreaterThanOrEqual(6);
    expect(errorRate(during)).toBeGreaterThan(0.5);

    await sim.setFault("api-500", false);
    expect((await get(`${sim.urls.api}/health`)).status).toBe(200);
    const after = await windowSince(await scrape(), 40);
    expect(errorRate(after)).toBeLessThan(0.05);
  });
});

describe("slow-search", () => {
  it("delays search by ~3 s without blocking /health, and pushes the scraped P99 over 2 s", async () => {
    const before = await scrape();
    await sim.setFault("slow-search", true);
    const search = getJson(`${sim.urls.api}/v1/search?q=laptop&limit=1&currency=USD`);
    const health = await getJson(`${sim.urls.api}/health`);
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(2000); // not behind the 3 s search
    const slow = await search;
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(2900);
    expect((slow.body as { total: number }).total).toBeGreaterThan(0);
    const during = await windowSince(before, 40);
    expect(quantileSeconds(during, 0.99)).toBeGreaterThan(2);

    await sim.setFault("slow-search", false);
    const fast = await getJson(`${sim.urls.api}/api/search?q=iphone`);
    expect(fast.ms).toBeLessThan(2000);
    const after = await windowSince(await scrape(), 40);
    expect(quantileSeconds(after, 0.99)).toBeLessThan(1);
  });
});

describe("db-slow", () => {
  it("reports a degraded DB at ~850 ms with HTTP 200, then healthy again", async () => {
    await sim.setFault("db-slow", true);
    const slow = await getJson(`${sim.urls.api}/health/detailed`);
    expect(slow).toMatchObject({
      status: 200,
      body: { status: "degraded", dependencies: { db: "degraded" } },
    });
    const ms = (slow.body as { db_response_ms: number }).db_response_ms;
    expect(ms).toBeGreaterThanOrEqual(800);
    expect(ms).toBeLessThanOrEqual(900);
    expect(slow.ms).toBeGreaterThanOrEqual(ms - 5);
    expect((await getJson(`${sim.urls.api}/health`)).status).toBe(200);

    await sim.setFault("db-slow", false);
    expect(await getJson(`${sim.urls.api}/health/detailed`)).toMatchObject({
      status: 200,
      body: { status: "healthy", db_response_ms: expect.any(Number) },
    });
  });
});

describe("affiliate-broken", () => {
  it("redirects without the tag, then with it again", async () => {
    await sim.setFault("affiliate-broken", true);
    const broken = await get(`${sim.urls.api}/go/B09G9HDHJT`);
    expect(broken.status).toBe(302);
    expect(broken.headers.location).toBe("https://www.amazon.com/dp/B09G9HDHJT");
    await sim.setFault("affiliate-broken", false);
    expect((await get(`${sim.urls.api}/go/B09G9HDHJT`)).headers.location).toBe(
      "https://www.amazon.com/dp/B09G9HDHJT?tag=buywhere-20",
    );
  });
});

describe("mcp-down", () => {
  it("closes the MCP port and the API's /mcp/health answers 503, then both recover", async () => {
    await sim.setFault("mcp-down", true);
    expect(await tryConnect(sim.ports.mcp)).toBe("ECONNREFUSED");
    expect((await getJson(`${sim.urls.api}/mcp/health`)).status).toBe(503);
    await sim.setFault("mcp-down", false);
    expect(await getJson(`${sim.urls.mcp}/health`)).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await getJson(`${sim.urls.api}/mcp/health`)).toMatchObject({
      status: 200,
      body: { status: "ok" },
    });
  });
});

describe("cert-expiring", () => {
  it("serves a certificate with ~10 days left instead of ~90, for localhost and 127.0.0.1", async () => {
    const normal = await peerCertificate(sim.ports.tls);
    expect(daysUntil(normal.validTo)).toBeGreaterThan(89);
    expect(normal.altNames).toContain("DNS:localhost");
    expect(normal.altNames).toContain("IP Address:127.0.0.1");

    await sim.setFault("cert-expiring", true);
    const expiring = await peerCertificate(sim.ports.tls);
    expect(daysUntil(expiring.validTo)).toBeGreaterThan(9);
    expect(daysUntil(expiring.validTo)).toBeLessThanOrEqual(10);
    expect((await get(`${sim.urls.apiTls}/health`)).status).toBe(200);

    await sim.setFault("cert-expiring", false);
    expect(daysUntil((await peerCertificate(sim.ports.tls)).validTo)).toBeGreaterThan(89);
  });
});

describe("faults together", () => {
  it("are independent, and reset clears them all", async () => {
    await sim.setFault("affiliate-broken", true);
    await sim.setFault("db-slow", true);
    expect((await get(`${sim.urls.api}/go/X1`)).headers.location).not.toContain("tag=");
    await sim.setFault("db-slow", false);
    expect((await get(`${sim.urls.api}/go/X1`)).headers.location).not.toContain("tag=");
    await sim.reset();
    expect((await get(`${sim.urls.api}/go/X1`)).headers.location).toContain("tag=buywhere-20");
  });
});
