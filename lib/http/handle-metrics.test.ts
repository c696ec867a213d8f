import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startCollector } from "@/lib/collector/collector";
import { evaluateBoard } from "@/lib/collector/publish-board";
import { handleMetrics } from "@/lib/http/handle-metrics";
import { getHub } from "@/lib/hub/hub";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { resetProcessState, setProcessState } from "@/lib/runtime/process-state";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";
import { minimalRunbook } from "@/test/support/minimal-runbook";
import { type PromFamily, promSample, readExposition } from "@/test/support/prometheus-text";

let target: LocalServer;
let healthy = true;

beforeAll(async () => {
  target = await startHttpServer((_req, res) => {
    res.writeHead(healthy ? 200 : 500, { "content-type": "application/json" }).end('{"status":"ok"}');
  });
});
afterAll(() => target.close());
// As in a started server: X-Forwarded-For is the socket's peer (the rewrite itself is tested in guards.test.ts).
beforeEach(() => setProcessState("auth.forwarded-guard", { trusted: new Set<string>() }));
afterEach(() => resetProcessState("hub", "runtime.metrics", "auth.forwarded-guard"));

const runbook = () =>
  parseRunbook(
    minimalRunbook("metrics-test", 60_000, [
      { id: "api", kind: "http", label: "API", url: `${target.url}/health` },
      { id: "disk", kind: "host", label: "disk", measure: "disk", path: "/" },
    ]),
    "test",
  );

async function scrape(headers: Record<string, string> = { "x-forwarded-for": "127.0.0.1" }) {
  const res = await handleMetrics(new Request("http://127.0.0.1:3000/metrics", { headers }));
  return { res, text: await res.text() };
}

async function families(): Promise<Map<string, PromFamily>> {
  const { res, text } = await scrape();
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return readExposition(text);
}

const sample = promSample;

/** One collection cycle through the real collector (it runs one at start), then the pipeline's evaluate step. */
async function runCycle() {
  const hub = getHub();
  hub.loaded = { runbook: runbook(), source: "test", launchOverride: null };
  const cycled = new Promise<void>((resolve) => {
    hub.collector = startCollector({
      runbook: hub.loaded?.runbook ?? runbook(),
      onCycle: (cycle) => {
        for (const r of cycle.readings) hub.latest.set(r.checkId, r);
        hub.lastCycle = { number: cycle.number, startedAt: cycle.startedAt, finishedAt: cycle.finishedAt };
        resolve();
      },
    });
  });
  await cycled;
  evaluateBoard(hub, new Date());
  hub.collector?.stop();
}

describe("/metrics", () => {
  it("serves every family with its type and labels, and the figures move when a cycle runs", async () => {
    const before = await families();
    const types = Object.fromEntries(
      [
        "warroom_cycle_duration_seconds",
        "warroom_probe_duration_seconds",
        "warroom_checks",
        "warroom_readings_written_total",
        "warroom_readings_pending",
        "warroom_viewers",
        "warroom_rollback_runs_total",
        "warroom_sign_in_failures_total",
      ].map((n) => [n, before.get(n)?.type]),
    );
    expect(types).toEqual({
      warroom_cycle_duration_seconds: "histogram",
      warroom_probe_duration_seconds: "histogram",
      warroom_checks: "gauge",
      warroom_readings_written_total: "counter",
      warroom_readings_pending: "gauge",
      warroom_viewers: "gauge",
      warroom_rollback_runs_total: "counter",
      warroom_sign_in_failures_total: "counter",
    });
    expect(before.get("warroom_process_resident_memory_bytes")?.type).toBe("gauge");
    expect(sample(before, "warroom_cycle_duration_seconds_count")).toBe(0);
    // No board yet: every level is present and reads 0.
    for (const level of ["ok", "warn", "crit", "unknown"])
      expect(sample(before, "warroom_checks", { level })).toBe(0);

    await runCycle();
    const one = await families();
    expect(sample(one, "warroom_cycle_duration_seconds_count")).toBe(1);
    expect(sample(one, "warroom_cycle_duration_seconds_sum")).toBeGreaterThan(0);
    expect(sample(one, "warroom_probe_duration_seconds_count", { kind: "http" })).toBe(1);
    expect(sample(one, "warroom_probe_duration_seconds_count", { kind: "host" })).toBe(1);
    const levels = (f: Map<string, PromFamily>) => ({
      ok: sample(f, "warroom_checks", { level: "ok" }),
      warn: sample(f, "warroom_checks", { level: "warn" }),
      crit: sample(f, "warroom_checks", { level: "crit" }),
      unknown: sample(f, "warroom_checks", { level: "unknown" }),
    });
    const first = levels(one);
    expect(Object.values(first).reduce((a, b) => a + b)).toBe(2);
    expect(first.ok).toBeGreaterThanOrEqual(1);

    healthy = false;
    await runCycle();
    healthy = true;
    const two = await families();
    expect(sample(two, "warroom_cycle_duration_seconds_count")).toBe(2);
    expect(sample(two, "warroom_probe_duration_seconds_count", { kind: "http" })).toBe(2);
    // The API answered 500: one check moved from ok to crit (the disk reads what this machine's disk reads).
    expect(levels(two)).toEqual({ ...first, ok: first.ok - 1, crit: first.crit + 1 });
  });

  it("counts live viewers at scrape time", async () => {
    const hub = getHub();
    const listener = () => {};
    hub.listeners.add(listener);
    expect(sample(await families(), "warroom_viewers")).toBe(1);
    hub.listeners.delete(listener);
    expect(sample(await families(), "warroom_viewers")).toBe(0);
  });

  it("answers this machine, or the metrics token; nobody else", async () => {
    const saved = process.env.WARROOM_METRICS_TOKEN;
    process.env.WARROOM_METRICS_TOKEN = "metrics-token-0123456789abcdef";
    try {
      const remote = await scrape({ "x-forwarded-for": "203.0.113.9" });
      expect(remote.res.status).toBe(403);
      expect(remote.text).toMatch(/WARROOM_METRICS_TOKEN/);
      expect(remote.text).not.toContain("warroom_");
      const wrong = await scrape({ "x-forwarded-for": "203.0.113.9", authorization: "Bearer nope" });
      expect(wrong.res.status).toBe(401);
      const right = await scrape({
        "x-forwarded-for": "203.0.113.9",
        authorization: "Bearer metrics-token-0123456789abcdef",
      });
      expect(right.res.status).toBe(200);
      expect(right.text).toContain("# TYPE warroom_checks gauge");
      // A wrong token is refused even from loopback: a misconfigured scraper should hear about it.
      const local = await scrape({ "x-forwarded-for": "127.0.0.1", authorization: "Bearer nope" });
      expect(local.res.status).toBe(401);
      // Without the rewrite (collector off) the header is the client's word: loopback no longer counts.
      resetProcessState("auth.forwarded-guard");
      expect((await scrape({ "x-forwarded-for": "127.0.0.1" })).res.status).toBe(403);
    } finally {
      if (saved === undefined) delete process.env.WARROOM_METRICS_TOKEN;
      else process.env.WARROOM_METRICS_TOKEN = saved;
    }
  });
});
