import { describe, expect, it } from "vitest";
import type { Reading } from "@/lib/model/probe";
import type { CheckOf, Level, Runbook } from "@/lib/model/runbook-schema";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { evaluateUptime, getUptimeEngine, observeUptime } from "@/lib/uptime/uptime-engine";

const STEP = 5000;
const NOW = Date.parse("2026-12-05T14:00:00Z");

function runbook(): Runbook {
  return parseRunbook(
    {
      id: "uptime-unit",
      name: "Uptime unit",
      system: "test",
      launch: { local: "2026-12-01T09:00", timeZone: "UTC" },
      collector: { intervalMs: STEP, defaultTimeoutMs: 1000 },
      checks: [
        { id: "health", kind: "http", label: "API /health", url: "http://127.0.0.1:9/health" },
        {
          id: "uptime-30d",
          kind: "uptime",
          label: "API uptime (30 days)",
          check: "health",
          window: { days: 30 },
          thresholds: { direction: "below", warn: 99.9, crit: 99.5 },
        },
        {
          id: "budget-30d",
          kind: "uptime",
          label: "Downtime budget left (30 days)",
          check: "health",
          window: { days: 30 },
          budget: { sloPct: 99.5 },
          thresholds: { direction: "below", warn: 173, crit: 0 },
        },
        {
          id: "uptime-1m",
          kind: "uptime",
          label: "API uptime (1 min)",
          check: "health",
          window: { minutes: 1 },
          thresholds: { direction: "below", warn: 99.9, crit: 99.5 },
        },
      ],
    },
    "test",
  );
}

const reading = (at: number, level: Level): Reading => ({
  checkId: "health",
  level,
  value: 12,
  unit: "ms",
  summary: `health ${level}`,
  conditions: [],
  evidence: {},
  collectedAt: new Date(at).toISOString(),
  durationMs: 3,
});

function uptimeCheck(rb: Runbook, id: string): CheckOf<"uptime"> {
  const c = rb.checks.find((x) => x.id === id);
  if (c?.kind !== "uptime") throw new Error(`no uptime check ${id}`);
  return c;
}

describe("an uptime tile the window cannot judge yet", () => {
  // A minute of readings, two of them down: 83.33% of what was measured, a sliver of 30 days.
  const rb = runbook();
  const engine = getUptimeEngine(rb);
  if (!engine) throw new Error("no uptime engine");
  engine.loaded = true;
  const levels: Level[] = ["ok", "ok", "crit", "ok", "ok", "crit", "ok", "ok", "ok", "ok", "ok", "ok"];
  observeUptime(
    engine,
    levels.map((l, i) => reading(NOW - (levels.length - i) * STEP, l)),
    NOW,
  );

  it("reads unknown with no value: the share measured so far is in the why, not shown as the uptime", () => {
    const r = evaluateUptime(engine, uptimeCheck(rb, "uptime-30d"), NOW, null);
    expect(r.level).toBe("unknown");
    expect(r.value).toBeNull();
    expect(r.summary).toMatch(
      /^uptime not known: coverage 0% is below 90%; .*up 10 of 12 readings .*\(83\.33%\)/,
    );
    expect(r.evidence).toMatchObject({ up: 10, down: 2, uptimeExact: expect.closeTo(83.333, 2) });
  });

  it("the downtime budget alike: no minutes left are shown while it is not known", () => {
    const r = evaluateUptime(engine, uptimeCheck(rb, "budget-30d"), NOW, null);
    expect(r.level).toBe("unknown");
    expect(r.value).toBeNull();
    expect(r.summary).toMatch(/^budget left not known: coverage 0% is below 90%; .*at most/);
  });

  it("a window measured well enough shows its uptime as the value", () => {
    const r = evaluateUptime(engine, uptimeCheck(rb, "uptime-1m"), NOW, null);
    expect(r.level).toBe("crit");
    expect(r.value).toBe(83.33);
    expect(r.unit).toBe("%");
  });
});
