import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { type Check, checkSchema } from "@/lib/model/runbook-schema";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";

// 003 High Error Rate "which endpoints are failing" and API Latency "current request rate", read off a
// /metrics counter labelled by handler and status.
let counts: Record<string, Record<string, number>> = {};
let server: LocalServer;
beforeAll(async () => {
  server = await startHttpServer((_req, res) => {
    const lines = ["# TYPE http_requests_total counter"];
    for (const [handler, byStatus] of Object.entries(counts))
      for (const [status, n] of Object.entries(byStatus))
        lines.push(`http_requests_total{handler="${handler}",status="${status}"} ${n}`);
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(`${lines.join("\n")}\n`);
  });
});
afterAll(() => server.close());

const check = (extra: Record<string, unknown>): Check =>
  checkSchema.parse({
    id: "p",
    label: "p",
    kind: "prometheus",
    url: `${server.url}/metrics`,
    windowSec: 60,
    ...extra,
  });

/** Two scrapes 10 s apart (the clock is the probe's): the first is the baseline. */
async function twoScrapes(c: Check, before: typeof counts, after: typeof counts) {
  const state = new Map<string, unknown>();
  counts = before;
  const first = await runProbe(c, { timeoutMs: 2000, state, now: () => 1_000_000 });
  counts = after;
  const second = await runProbe(c, { timeoutMs: 2000, state, now: () => 1_010_000 });
  return { first, second };
}

describe("error rate by endpoint", () => {
  // Built in each test: the server's URL is known once beforeAll ran.
  const byHandler = () =>
    check({ series: "error-rate", groupBy: "handler", thresholds: { direction: "above", crit: 5 } });

  it("names the failing endpoint and judges the worst one", async () => {
    const { first, second } = await twoScrapes(
      byHandler(),
      { "/api/deals": { "200": 100 }, "/api/alerts": { "200": 100 } },
      { "/api/deals": { "200": 135, "500": 15 }, "/api/alerts": { "200": 150 } },
    );
    expect(first.level).toBe("unknown");
    expect(second.level).toBe("crit");
    expect(second.value).toBe(30);
    expect(second.summary).toMatch(/handler \/api\/deals 30% > 5% \(critical\); failing: \/api\/deals 30%/);
    expect(second.evidence["handler /api/alerts"]).toBe("0% (0 of 50)");
  });

  it("is ok when no endpoint fails, saying how many it read", async () => {
    const { second } = await twoScrapes(
      byHandler(),
      { "/api/deals": { "200": 1 }, "/api/alerts": { "200": 1 } },
      { "/api/deals": { "200": 9 }, "/api/alerts": { "200": 5 } },
    );
    expect(second.level).toBe("ok");
    expect(second.value).toBe(0);
    expect(second.summary).toMatch(/no 5xx over 10 s on any of 2 handlers/);
  });

  it("is unknown without requests in the window (never a 0 % it did not measure)", async () => {
    const same = { "/api/deals": { "200": 5 } };
    expect((await twoScrapes(byHandler(), same, same)).second.level).toBe("unknown");
  });
});

describe("request rate", () => {
  it("is requests per second over the window, every endpoint and status counted", async () => {
    const { second } = await twoScrapes(
      check({ series: "request-rate" }),
      { "/api/deals": { "200": 100 }, "/api/alerts": { "200": 20 } },
      { "/api/deals": { "200": 130, "500": 20 }, "/api/alerts": { "200": 20 } },
    );
    expect(second.level).toBe("ok");
    expect(second.value).toBe(5);
    expect(second.unit).toBe("/s");
  });
});
