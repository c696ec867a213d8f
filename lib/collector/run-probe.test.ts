import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PROBES } from "@/lib/collector/probe-registry";
import { ABORT_GRACE_MS, runProbe } from "@/lib/collector/run-probe";
import type { ProbeResult } from "@/lib/model/probe";
import { type Check, checkSchema } from "@/lib/model/runbook-schema";
import { closedPort, type LocalServer, startHttpServer, startTcpServer } from "@/test/support/local-server";

let hung: LocalServer;
let api: LocalServer;
beforeAll(async () => {
  hung = await startTcpServer();
  api = await startHttpServer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}'),
  );
});
afterAll(async () => {
  await Promise.all([hung.close(), api.close()]);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const OK: ProbeResult = { level: "ok", value: 1, unit: "ms", summary: "fine", conditions: [], evidence: {} };

function check(url: string): Check {
  return checkSchema.parse({ id: "api-health", label: "API", kind: "http", url });
}

async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work;
  return [value, performance.now() - started];
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

describe("runProbe", () => {
  it("fills checkId, collectedAt and durationMs", async () => {
    const reading = await runProbe(check(`${api.url}/health`), {
      timeoutMs: 2000,
      state: new Map(),
      now: () => Date.parse("2026-04-23T13:00:00Z"),
    });
    expect(reading).toMatchObject({
      checkId: "api-health",
      collectedAt: "2026-04-23T13:00:00.000Z",
      level: "ok",
    });
    expect(reading.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("settles a socket that accepts and never answers at its timeout, as crit", async () => {
    const [reading, took] = await timed(
      runProbe(check(`http://127.0.0.1:${hung.port}/health`), { timeoutMs: 300, state: new Map() }),
    );
    // Far below a hang; the margin is what a loaded host may add to a timer.
    expect(took).toBeLessThan(300 + 1500);
    expect(reading).toMatchObject({
      level: "crit",
      summary: `no response from 127.0.0.1:${hung.port} within 300 ms`,
    });
    expect(reading.evidence).toMatchObject({ errorCode: "timeout" });
  });

  it("turns a probe that throws into unknown naming the error", async () => {
    vi.spyOn(PROBES, "http").mockImplementation(async () => {
      throw new TypeError("cannot read properties of undefined (reading 'total')");
    });
    const reading = await runProbe(check(`${api.url}/`), { timeoutMs: 1000, state: new Map() });
    expect(reading).toMatchObject({
      level: "unknown",
      value: null,
      summary: "probe error: TypeError: cannot read properties of undefined (reading 'total')",
      checkId: "api-health",
    });
  });

  it("turns a synchronous throw into unknown", async () => {
    vi.spyOn(PROBES, "http").mockImplementation(() => {
      throw new Error("sync boom");
    });
    const reading = await runProbe(check(`${api.url}/`), { timeoutMs: 1000, state: new Map() });
    expect(reading).toMatchObject({ level: "unknown", summary: "probe error: sync boom" });
  });

  it("settles a probe that ignores its abort signal as unknown, at its timeout plus the grace", async () => {
    let sawAbort = false;
    vi.spyOn(PROBES, "http").mockImplementation(
      (_check, ctx) =>
        new Promise<ProbeResult>(() => {
          ctx.signal.addEventListener("abort", () => {
            sawAbort = true;
          });
        }),
    );
    const [reading, took] = await timed(runProbe(check(`${api.url}/`), { timeoutMs: 200, state: new Map() }));
    expect(took).toBeGreaterThanOrEqual(200);
    expect(took).toBeLessThan(200 + ABORT_GRACE_MS + 1500);
    expect(sawAbort).toBe(true);
    expect(reading).toMatchObject({
      level: "unknown",
      summary: "probe did not finish within 200 ms (ignored its deadline)",
    });
  });

  it("ignores a late rejection from a probe it already gave up on", async () => {
    let rejectedLate: Promise<void> = Promise.resolve();
    vi.spyOn(PROBES, "http").mockImplementation(
      () =>
        new Promise<ProbeResult>((_resolve, reject) => {
          rejectedLate = new Promise((done) =>
            setTimeout(() => {
              reject(new Error("late"));
              done();
            }, 300),
          );
        }),
    );
    const reading = await runProbe(check(`${api.url}/`), { timeoutMs: 100, state: new Map() });
    expect(reading.level).toBe("unknown");
    // An unhandled rejection would fail the run once the late one fires.
    await rejectedLate;
    await new Promise((resolve) => setImmediate(resolve));
  });

  it("clears its timers when the probe returns early", async () => {
    vi.spyOn(PROBES, "http").mockResolvedValue(OK);
    const before = activeTimers();
    const reading = await runProbe(check(`${api.url}/`), { timeoutMs: 60_000, state: new Map() });
    expect(reading.level).toBe("ok");
    expect(activeTimers()).toBe(before);
  });

  it("refuses an invalid check at run time as unknown, naming the field", async () => {
    const bad = { ...check(`${api.url}/`), url: "not a url" };
    const reading = await runProbe(bad, { timeoutMs: 1000, state: new Map() });
    expect(reading.level).toBe("unknown");
    expect(reading.summary).toMatch(/^invalid check config: url: /);
  });

  it("replaces a malformed probe result with unknown", async () => {
    vi.spyOn(PROBES, "http").mockResolvedValue({ ...OK, level: "green" as "ok" });
    const reading = await runProbe(check(`${api.url}/`), { timeoutMs: 1000, state: new Map() });
    expect(reading).toMatchObject({ level: "unknown", summary: "probe returned a malformed result" });
  });

  it("keeps summaries on one line", async () => {
    vi.spyOn(PROBES, "http").mockResolvedValue({ ...OK, summary: "line one\nline two" });
    const reading = await runProbe(check(`${api.url}/`), { timeoutMs: 1000, state: new Map() });
    expect(reading.summary).toBe("line one line two");
  });

  it("dispatches every kind through the registry", () => {
    expect(Object.keys(PROBES).sort()).toEqual([
      "docker-container",
      "docker-du",
      "docker-env",
      "docker-images",
      "docker-logs",
      "ga4",
      "host",
      "http",
      "http-repeat",
      "http-run",
      "pgbouncer",
      "postgres",
      "product-detail",
      "prometheus",
      "prometheus-query",
      "redirect",
      "redis",
      "search",
      "sentry",
      "tcp",
      "tls",
      "uptime",
    ]);
  });
});

describe("runProbe redacts every reading", () => {
  it("a URL's password and secret query values never reach the evidence or the summary", async () => {
    const port = await closedPort();
    const reading = await runProbe(
      checkSchema.parse({
        id: "secret-url",
        kind: "http",
        label: "secret",
        url: `http://user:hunter2@127.0.0.1:${port}/health?password=hunter2&region=us`,
      }),
      { timeoutMs: 1000, state: new Map() },
    );
    expect(JSON.stringify(reading)).not.toContain("hunter2");
    expect(reading.evidence.url).toBe(`http://user:***@127.0.0.1:${port}/health?password=***&region=us`);
  });
});
