import "server-only";
import { getDb } from "@/lib/db/client";
import { cachedLaunchRecord } from "@/lib/db/launch-cache";
import type { DbClient } from "@/lib/db/launch-types";
import { type LevelCursor, listCheckLevels } from "@/lib/db/list-check-levels";
import { getHub } from "@/lib/hub/hub";
import { zonedLocalToUtc } from "@/lib/model/launch-time";
import type { ProbeResult, Reading } from "@/lib/model/probe";
import type { CheckOf, Runbook, UptimeWindow } from "@/lib/model/runbook-schema";
import { unknownResult } from "@/lib/probes/result";
import { judgeBudget } from "@/lib/rules/error-budget";
import { effectiveT0Ms } from "@/lib/rules/launch-t0";
import { judgeUptime, type LevelSeries, tallyUptime, type UptimeSpec } from "@/lib/rules/uptime";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

/**
 * Uptime checks (docs/runbook.md "Uptime"): the watched checks' readings since the earliest window start,
 * read once from the Reading table when the database opens (so a restart resumes the count), then kept
 * up to date by the collector after each cycle's probes. Same load-then-merge as the trigger engine.
 */
type UptimeCheck = CheckOf<"uptime">;

type Engine = {
  runbook: Runbook;
  uptimeChecks: UptimeCheck[];
  series: Map<string, LevelSeries>;
  loaded: boolean;
  loading: Promise<void> | null;
  error: string | null;
  /** Rows read so far by a running load (shown while it runs). */
  rowsRead: number;
};

const PAGE = 20_000;

/** The engine for this runbook; null when it has no uptime check. A new runbook object starts over. */
export function getUptimeEngine(runbook: Runbook): Engine | null {
  const held = peekProcessState<Engine>("uptime.engine");
  if (held?.runbook !== runbook) {
    const uptimeChecks = runbook.checks.filter((c): c is UptimeCheck => c.kind === "uptime");
    if (uptimeChecks.length === 0) return null;
    const engine: Engine = {
      runbook,
      uptimeChecks,
      series: new Map(uptimeChecks.map((c) => [c.check, { at: [], level: [] }])),
      loaded: false,
      loading: null,
      error: null,
      rowsRead: 0,
    };
    setProcessState("uptime.engine", engine);
    return engine;
  }
  return held;
}

export function windowMs(w: UptimeWindow): number | null {
  if ("minutes" in w) return w.minutes * 60_000;
  if ("hours" in w) return w.hours * 3600_000;
  if ("days" in w) return w.days * 86_400_000;
  return null;
}

export function describeWindow(w: UptimeWindow): string {
  if ("since" in w) return "since T-0";
  if ("minutes" in w) return `in the last ${w.minutes} min`;
  if ("hours" in w) return `in the last ${w.hours} h`;
  return `in the last ${w.days} day${w.days === 1 ? "" : "s"}`;
}

const runbookT0Ms = (rb: Runbook) => zonedLocalToUtc(rb.launch.local, rb.launch.timeZone).getTime();

/** Oldest reading any window of this check may need: delays only move T-0 later, so the runbook's T-0. */
function keepFrom(engine: Engine, checkId: string, nowMs: number): number {
  const starts = engine.uptimeChecks
    .filter((c) => c.check === checkId)
    .map((c) => {
      const span = windowMs(c.window);
      return span === null ? runbookT0Ms(engine.runbook) : nowMs - span;
    });
  return Math.min(nowMs, ...starts);
}

/** The oldest reading an uptime window of this runbook counts (pruning keeps it); null without uptime checks. */
export function uptimeKeepSince(runbook: Runbook, nowMs: number): Date | null {
  const starts = runbook.checks
    .filter((c): c is UptimeCheck => c.kind === "uptime")
    .map((c) => {
      const span = windowMs(c.window);
      return span === null ? runbookT0Ms(runbook) : nowMs - span;
    });
  return starts.length > 0 ? new Date(Math.min(...starts)) : null;
}

/** Reads each watched check's stored readings page by page; live readings seen meanwhile are kept. */
export function loadUptimeHistory(
  engine: Engine,
  db: DbClient,
  nowMs = Date.now(),
  pageSize = PAGE,
): Promise<void> {
  engine.loading ??= (async () => {
    try {
      engine.rowsRead = 0;
      for (const [checkId, live] of engine.series) {
        const stored: LevelSeries = { at: [], level: [] };
        let cursor: LevelCursor | null = null;
        do {
          const page = await listCheckLevels(
            db,
            checkId,
            new Date(keepFrom(engine, checkId, nowMs)),
            cursor,
            pageSize,
          );
          for (const r of page.rows) {
            stored.at.push(r.at);
            stored.level.push(r.level);
          }
          engine.rowsRead += page.rows.length;
          cursor = page.next;
        } while (cursor);
        const lastStored = stored.at.at(-1) ?? Number.NEGATIVE_INFINITY;
        live.at.forEach((at, i) => {
          if (at <= lastStored) return;
          stored.at.push(at);
          stored.level.push(live.level[i] ?? "unknown");
        });
        engine.series.set(checkId, stored);
      }
      engine.loaded = true;
      engine.error = null;
    } catch (err) {
      engine.error = `stored readings unavailable: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      engine.loading = null;
    }
  })();
  return engine.loading;
}

/** Appends readings of watched checks newer than the series (a reading is counted once). */
export function observeUptime(engine: Engine, readings: Iterable<Reading>, nowMs = Date.now()): void {
  for (const r of readings) {
    const s = engine.series.get(r.checkId);
    if (!s) continue;
    const at = Date.parse(r.collectedAt);
    if (s.at.length > 0 && at <= (s.at.at(-1) ?? 0)) continue;
    s.at.push(at);
    s.level.push(r.level);
  }
  for (const [checkId, s] of engine.series) trimSeries(s, keepFrom(engine, checkId, nowMs));
}

/** Drops readings older than every window, in batches so a sliding window does not copy each cycle. */
function trimSeries(s: LevelSeries, from: number): void {
  let drop = 0;
  while (drop < s.at.length && (s.at[drop] as number) < from) drop++;
  if (drop >= 1000 || (drop > 0 && drop * 10 >= s.at.length)) {
    s.at.splice(0, drop);
    s.level.splice(0, drop);
  }
}

/**
 * The collector's hook, after each cycle's probes and before the uptime checks are judged: starts the
 * stored-history load once the database is open (retried next cycle if it failed) and adds the readings.
 */
export function observeCycleForUptime(
  runbook: Runbook,
  readings: readonly Reading[],
  nowMs = Date.now(),
): void {
  const engine = getUptimeEngine(runbook);
  if (!engine) return;
  if (!engine.loaded && !engine.loading && getHub().storage.ready) {
    void getDb()
      .then((db) => loadUptimeHistory(engine, db, nowMs))
      .catch(() => undefined);
  }
  observeUptime(engine, readings, nowMs);
}

/** T-0 after recorded delays; null until the stored launch record has been read. */
function effectiveT0(runbook: Runbook): number | null {
  const { record } = cachedLaunchRecord(runbook.id);
  return record ? effectiveT0Ms(runbookT0Ms(runbook), record.delays) : null;
}

/** Judges one uptime check at `nowMs` (the probe of kind `uptime`). */
export function evaluateUptime(
  engine: Engine | null,
  check: UptimeCheck,
  nowMs: number,
  t0Ms: number | null,
): ProbeResult {
  const windowLabel = describeWindow(check.window);
  if (!engine) return unknownResult("uptime is counted by the collector; no collector has started");
  if (!engine.loaded) {
    const why =
      engine.error ??
      `reading stored readings of ${check.check} (${engine.rowsRead.toLocaleString("en-US")} so far)`;
    return unknownResult(`${why}; a restart resumes the count, never starts it over`);
  }
  const span = windowMs(check.window);
  if (span === null && t0Ms === null) {
    return unknownResult("T-0 not known yet: the stored launch record (delays move T-0) has not been read");
  }
  const from = span === null ? (t0Ms as number) : nowMs - span;
  if (nowMs <= from) {
    return unknownResult(
      `counted from T-0 (${new Date(from).toISOString().slice(0, 19)}Z), not reached yet`,
      {
        from: new Date(from).toISOString(),
      },
    );
  }
  const watched = engine.runbook.checks.find((c) => c.id === check.check);
  const spec: UptimeSpec = {
    label: watched?.label ?? check.check,
    windowLabel,
    up: check.up,
    thresholds: check.thresholds,
    minCoveragePct: check.minCoveragePct,
    intervalMs: engine.runbook.collector.intervalMs,
    maxGapMs: 3 * engine.runbook.collector.intervalMs,
  };
  const series = engine.series.get(check.check) ?? { at: [], level: [] };
  const tally = tallyUptime(series, from, nowMs, spec);
  const v = judgeUptime(tally, spec, from, nowMs);
  const b = check.budget ? judgeBudget(tally, spec, check.budget.sloPct, from, nowMs) : null;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const level = b ? b.level : v.level;
  return {
    level,
    // Too little of the window measured to judge: the share measured so far stays in the summary, with the
    // coverage that makes it unknown, never as the tile's value, where it would read as the current uptime.
    value: level === "unknown" ? null : b ? b.leftMinutes : v.shownPct,
    unit: b ? "min" : "%",
    summary: b ? b.summary : v.summary,
    conditions: b ? b.conditions : v.conditions,
    evidence: {
      ...(b && {
        budgetMinutes: b.budgetMinutes,
        spentMinutes: b.spentMinutes,
        sloPct: check.budget?.sloPct,
      }),
      check: check.check,
      window: windowLabel,
      from: iso(from),
      to: iso(nowMs),
      up: tally.up,
      down: tally.down,
      unknown: tally.unknown,
      expected: tally.expected,
      coveragePct: v.coveragePct,
      uptimeExact: v.uptimePct,
      downEpisodes: tally.downEpisodes.length,
      lastDownAt: iso(tally.recentDown.at(-1) ?? null),
      gaps: tally.gaps.length,
      firstReadingAt: iso(tally.firstAt),
      lastReadingAt: iso(tally.lastAt),
    },
  };
}

/** The `uptime` probe: reads the collector's engine, never the network. */
export function probeUptimeNow(check: UptimeCheck, nowMs: number): ProbeResult {
  const engine = peekProcessState<Engine>("uptime.engine") ?? null;
  return evaluateUptime(engine, check, nowMs, engine ? effectiveT0(engine.runbook) : null);
}
