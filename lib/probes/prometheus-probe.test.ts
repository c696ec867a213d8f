import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { type Check, checkSchema } from "@/lib/model/runbook-schema";
import { closedPort, type LocalServer, startHttpServer } from "@/test/support/local-server";

const LES = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"];

/** Exposition text with per-status counters and a per-route histogram (cumulative counts by le). */
function exposition(counts: Record<string, number>, buckets: number[] = LES.map(() => 0)): string {
  const lines = ["# HELP http_requests_total Requests.", "# TYPE http_requests_total counter"];
  for (const [status, n] of Object.entries(counts))
    lines.push(`http_requests_total{method="GET",status="${status}"} ${n}`);
  lines.push("# TYPE http_request_duration_seconds histogram");
  LES.forEach((le, i) => {
    const total = buckets[i] ?? 0;
    // Split over two routes so the probe must sum them.
    const half = Math.floor(total / 2);
    lines.push(`http_request_duration_seconds_bucket{route="/a",le="${le}"} ${half}`);
    lines.push(`http_request_duration_seconds_bucket{route="/b",le="${le}"} ${total - half}`);
  });
  return `${lines.join("\n")}\n`;
}

let body = "";
let status = 200;
let server: LocalServer;
beforeAll(async () => {
  server = await startHttpServer((_req, res) => {
    res.writeHead(status, { "content-type": "text/plain; version=0.0.4" }).end(body);
  });
});
afterAll(() => server.close());

function promCheck(series: string, thresholds?: Record<string, unknown>): Check {
  return checkSchema.parse({
    id: "p",
    label: "p",
    kind: "prometheus",
    url: `${server.url}/metrics`,
    series,
    windowSec: 60,
    thresholds,
  });
}

type Step = {
  at: number;
  text: string;
  status?: number;
  level: string;
  summary: string | RegExp;
  value?: number | null;
};

async function play(check: Check, steps: Step[]) {
  const state = new Map<string, unknown>();
  for (const step of steps) {
    body = step.text;
    status = step.status ?? 200;
    const reading = await runProbe(check, { timeoutMs: 2000, state, now: () => step.at * 1000 });
    expect({ at: step.at, level: reading.level }).toEqual({ at: step.at, level: step.level });
    if (typeof step.summary === "string") expect(reading.summary).toBe(step.summary);
    else expect(reading.summary).toMatch(step.summary);
    if (step.value !== undefined) expect(reading.value).toBe(step.value);
  }
}

describe("prometheus probe: error rate", () => {
  it("follows the 5xx share of requests over the window", async () => {
    await play(promCheck("error-rate", { direction: "above", warn: 0.5, crit: 1 }), [
      {
        at: 0,
        text: exposition({ 200: 1000, 500: 1 }),
        level: "unknown",
        summary: "collecting baseline (need 2 scrapes)",
        value: null,
      },
      {
        at: 5,
        text: exposition({ 200: 1990, 500: 11 }),
        level: "warn",
        summary: "error rate 1% > 0.5% (warning)",
        value: 1,
      },
      {
        at: 10,
        text: exposition({ 200: 2980, 500: 21, 503: 10 }),
        level: "crit",
        summary: "error rate 1.49% > 1% (critical)",
        value: 1.493,
      },
      {
        at: 15,
        text: exposition({ 200: 10 }),
        level: "unknown",
        summary: "counter reset (total); collecting baseline (need 2 scrapes)",
      },
      { at: 20, text: exposition({ 200: 10 }), level: "unknown", summary: "no requests in window (5 s)" },
      {
        at: 100,
        text: exposition({ 200: 1010, 404: 5 }),
        level: "ok",
        summary: "error rate 0% over 80 s (0 of 1005 requests 5xx)",
        value: 0,
      },
    ]);
  });

  it("is unknown when the counter is missing", async () => {
    await play(promCheck("error-rate"), [
      {
        at: 0,
        text: "<html>not metrics</html>",
        level: "unknown",
        summary: "no http_requests_total samples in /metrics",
      },
    ]);
  });

  it("is crit when /metrics answers an error, and keeps its baseline", async () => {
    await play(promCheck("error-rate"), [
      {
        at: 0,
        text: exposition({ 200: 100 }),
        level: "unknown",
        summary: "collecting baseline (need 2 scrapes)",
      },
      { at: 5, text: "oops", status: 500, level: "crit", summary: "HTTP 500 from /metrics (expected 200)" },
      {
        at: 10,
        text: exposition({ 200: 200, 500: 100 }),
        level: "ok",
        summary: "error rate 50% over 10 s (100 of 200 requests 5xx)",
        value: 50,
      },
    ]);
  });
});

describe("prometheus probe: latency", () => {
  // 100 requests: 90 ≤ 50 ms, 9 in (100 ms, 250 ms], 1 in (2.5 s, 5 s].
  const after = [90, 90, 99, 99, 99, 99, 100, 100];
  it.each([
    ["latency-p50", 27.8, "p50 latency 27.8 ms over 5 s (100 requests)"],
    ["latency-p95", 183.3, "p95 latency 183 ms over 5 s (100 requests)"],
    ["latency-p99", 250, "p99 latency 250 ms over 5 s (100 requests)"],
  ])("%s from bucket deltas", async (series, value, summary) => {
    const base = LES.map(() => 1000);
    await play(promCheck(series), [
      {
        at: 0,
        text: exposition({ 200: 1000 }, base),
        level: "unknown",
        summary: "collecting baseline (need 2 scrapes)",
      },
      {
        at: 5,
        text: exposition(
          { 200: 1100 },
          base.map((n, i) => n + (after[i] ?? 0)),
        ),
        level: "ok",
        summary,
        value,
      },
    ]);
  });

  it("applies thresholds in ms", async () => {
    const slow = [0, 0, 0, 0, 10, 20, 100, 100];
    await play(promCheck("latency-p99", { direction: "above", warn: 1000, crit: 2000 }), [
      {
        at: 0,
        text: exposition({ 200: 0 }),
        level: "unknown",
        summary: "collecting baseline (need 2 scrapes)",
      },
      {
        at: 5,
        text: exposition({ 200: 100 }, slow),
        level: "crit",
        summary: "p99 latency 4969 ms > 2000 ms (critical)",
        value: 4968.8,
      },
      {
        at: 10,
        text: exposition({ 200: 100 }, slow),
        level: "crit",
        summary: /p99 latency 4969 ms > 2000 ms/,
      },
    ]);
  });

  it("is unknown with no requests in the window, and restarts after a reset", async () => {
    const some = [5, 5, 5, 5, 5, 5, 5, 5];
    await play(promCheck("latency-p99"), [
      {
        at: 0,
        text: exposition({}, some),
        level: "unknown",
        summary: "collecting baseline (need 2 scrapes)",
      },
      { at: 5, text: exposition({}, some), level: "unknown", summary: "no requests in window (5 s)" },
      {
        at: 10,
        text: exposition(
          {},
          LES.map(() => 1),
        ),
        level: "unknown",
        summary: /^counter reset \(le:0\.05\); collecting baseline/,
      },
      {
        at: 15,
        text: exposition(
          {},
          LES.map(() => 3),
        ),
        level: "ok",
        summary: "p99 latency 49.5 ms over 5 s (2 requests)",
      },
    ]);
  });

  it("reads only the routes its labels select (search's P99, not the API's)", async () => {
    /** 90 fast health requests, 10 search requests of 3–5 s. */
    const text = (n: number) =>
      LES.map((le, i) => {
        const health = n * 90;
        const search = i >= 6 ? n * 10 : 0;
        return [
          `http_request_duration_seconds_bucket{handler="/health",le="${le}"} ${health}`,
          `http_request_duration_seconds_bucket{handler="/v1/search",le="${le}"} ${search}`,
        ].join("\n");
      }).join("\n");
    const search = checkSchema.parse({
      id: "s",
      label: "s",
      kind: "prometheus",
      url: `${server.url}/metrics`,
      series: "latency-p99",
      labels: { handler: "/(v1|api)/search" },
      thresholds: { direction: "above", warn: 1000, crit: 2000 },
    });
    await play(search, [
      { at: 0, text: text(1), level: "unknown", summary: "collecting baseline (need 2 scrapes)" },
      { at: 5, text: text(2), level: "crit", summary: "p99 latency 4975 ms > 2000 ms (critical)" },
    ]);
    await play(promCheck("latency-p99", { direction: "above", warn: 1000, crit: 2000 }), [
      { at: 0, text: text(1), level: "unknown", summary: "collecting baseline (need 2 scrapes)" },
      { at: 5, text: text(2), level: "crit", summary: "p99 latency 4750 ms > 2000 ms (critical)" },
    ]);
    const none = { ...search, labels: { handler: "/nope" } } as Check;
    await play(none, [
      {
        at: 0,
        text: text(1),
        level: "unknown",
        summary: 'no http_request_duration_seconds_bucket{handler=~"/nope"} samples in /metrics',
      },
    ]);
  });

  it("refuses a label pattern that is not a regular expression", () => {
    const parsed = checkSchema.safeParse({
      id: "s",
      label: "s",
      kind: "prometheus",
      url: "http://127.0.0.1:1/metrics",
      series: "latency-p99",
      labels: { handler: "/(v1" },
    });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/must be a regular expression/);
  });

  it("is unknown when the histogram is missing", async () => {
    await play(promCheck("latency-p95"), [
      {
        at: 0,
        text: 'http_requests_total{status="200"} 5',
        level: "unknown",
        summary: "no http_request_duration_seconds_bucket samples in /metrics",
      },
    ]);
  });
});

describe("prometheus probe: transport", () => {
  it("is crit when the endpoint refuses connections", async () => {
    const port = await closedPort();
    const check = checkSchema.parse({
      id: "p",
      label: "p",
      kind: "prometheus",
      url: `http://127.0.0.1:${port}/metrics`,
      series: "error-rate",
    });
    const reading = await runProbe(check, { timeoutMs: 2000, state: new Map() });
    expect(reading).toMatchObject({ level: "crit", summary: `connection refused by 127.0.0.1:${port}` });
  });
});
