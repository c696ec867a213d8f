import "server-only";
import type { Db } from "@/lib/db/client";
import { listIncidentTriggerSamples } from "@/lib/db/incident-trigger-samples";
import { activeIncidentRollback } from "@/lib/incidents/incident-section";
import type {
  RollbackRecommendation,
  SampleView,
  TriggerFiring,
  TriggerState,
  TriggersState,
} from "@/lib/model/incident";
import type { IncidentRollbackRule } from "@/lib/model/incident-rules-schema";
import type { Reading } from "@/lib/model/probe";
import type { Runbook } from "@/lib/model/runbook-schema";
import type { Trigger } from "@/lib/model/trigger-schema";
import {
  describeLevel,
  EMPTY_MEMORY,
  evaluateSeries,
  lookbackMs,
  type Sample,
  stepTrigger,
  type TriggerMemory,
  type TriggerVerdict,
} from "@/lib/rules/sustained";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

/** A rule that started firing, for the incident timeline. */
export type Firing = TriggerFiring;

type Engine = {
  runbookId: string;
  rules: Trigger[];
  /** Rollback triggers on the active incident's age (the incident cache is read at each judgement). */
  incidentRules: readonly IncidentRollbackRule[];
  intervalMs: number;
  /** Per check: readings within the longest lookback of its rules, oldest first. */
  tails: Map<string, Sample[]>;
  memory: Map<string, TriggerMemory>;
  verdicts: Map<string, TriggerVerdict>;
  loaded: boolean;
  loading: Promise<void> | null;
  error: string | null;
  /** Firings not yet written to an incident's timeline. */
  firings: Firing[];
  afterLaunch: boolean;
};

export function getTriggerEngine(runbook: Runbook): Engine {
  const held = peekProcessState<Engine>("incidents.triggers");
  // A new runbook object (reload, tests) starts a new engine; the stored windows are read again.
  if (held?.rules === runbook.triggers) return held;
  const engine: Engine = {
    runbookId: runbook.id,
    rules: runbook.triggers,
    incidentRules: runbook.incidentRollback,
    intervalMs: runbook.collector.intervalMs,
    tails: new Map(),
    memory: new Map(),
    verdicts: new Map(),
    loaded: false,
    loading: null,
    error: null,
    firings: [],
    afterLaunch: false,
  };
  setProcessState("incidents.triggers", engine);
  return engine;
}

export function readingToSample(r: Pick<Reading, "collectedAt" | "level" | "value" | "gauge">): Sample {
  const value = r.gauge?.value ?? (typeof r.value === "number" ? r.value : null);
  return { at: Date.parse(r.collectedAt), level: r.level, value };
}

function lookbackFor(engine: Engine, checkId: string): number {
  const spans = engine.rules.filter((r) => r.check === checkId).map((r) => lookbackMs(r, engine.intervalMs));
  return Math.max(0, ...spans);
}

/**
 * Start-up: read each watched check's window from the stored readings and replay it, so a dashboard
 * restart resumes a window that was already running. Readings seen meanwhile are merged in.
 */
export function loadTriggerWindows(engine: Engine, db: Db, now = Date.now()): Promise<void> {
  engine.loading ??= (async () => {
    try {
      const checks = [...new Set(engine.rules.map((r) => r.check))];
      const stored = await Promise.all(
        checks.map((c) => listIncidentTriggerSamples(db, c, new Date(now - lookbackFor(engine, c)))),
      );
      checks.forEach((c, i) => {
        const fromDb = stored[i] ?? [];
        const lastStored = fromDb.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
        const seenLive = (engine.tails.get(c) ?? []).filter((s) => s.at > lastStored);
        engine.tails.set(c, [...fromDb, ...seenLive]);
      });
      for (const rule of engine.rules) {
        const tail = engine.tails.get(rule.check) ?? [];
        const { memory, verdict } = evaluateSeries(rule, tail, Date.now());
        engine.memory.set(rule.id, memory);
        engine.verdicts.set(rule.id, verdict);
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

/** Adds readings newer than the tail and steps every rule of their check once (one cycle). */
export function observeReadings(engine: Engine, readings: Iterable<Reading>, now = Date.now()): void {
  const touched = new Set<string>();
  for (const r of readings) {
    if (!engine.rules.some((rule) => rule.check === r.checkId)) continue;
    const tail = engine.tails.get(r.checkId) ?? [];
    const s = readingToSample(r);
    if (tail.length > 0 && s.at <= (tail.at(-1)?.at ?? 0)) continue; // already seen
    tail.push(s);
    const keepFrom = now - lookbackFor(engine, r.checkId);
    let drop = 0;
    while (drop < tail.length - 1 && (tail[drop]?.at ?? 0) < keepFrom) drop++;
    engine.tails.set(r.checkId, drop > 0 ? tail.slice(drop) : tail);
    touched.add(r.checkId);
  }
  if (!engine.loaded) return; // the replay at load judges everything at once
  for (const rule of engine.rules) {
    if (!touched.has(rule.check)) continue;
    const before = engine.memory.get(rule.id) ?? EMPTY_MEMORY;
    const { memory, verdict } = stepTrigger(rule, before, engine.tails.get(rule.check) ?? [], now);
    engine.memory.set(rule.id, memory);
    engine.verdicts.set(rule.id, verdict);
    for (const level of ["crit", "warn"] as const) {
      const f = memory[level];
      if (f && !before[level]) {
        engine.firings.push({
          ruleId: rule.id,
          label: rule.label,
          level,
          at: f.since,
          reason: verdict.reason,
        });
      }
    }
  }
}

const MAX_SAMPLES = 24;

/** Evenly spaced readings, first and last kept: enough to show why, small enough for every viewer. */
export function thinSamples(samples: readonly Sample[], max = MAX_SAMPLES): SampleView[] {
  const picked =
    samples.length <= max
      ? samples
      : Array.from(
          { length: max },
          (_, i) => samples[Math.round((i * (samples.length - 1)) / (max - 1))] as Sample,
        );
  return picked.map((s) => ({ at: new Date(s.at).toISOString(), level: s.level, value: s.value }));
}

function toState(rule: Trigger, verdict: TriggerVerdict): TriggerState {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: rule.id,
    label: rule.label,
    check: rule.check,
    kind: rule.kind,
    rollback: rule.rollback,
    source: rule.source ?? null,
    condition: {
      warn: rule.warn ? describeLevel(rule, rule.warn) : null,
      crit: rule.crit ? describeLevel(rule, rule.crit) : null,
    },
    level: verdict.level,
    reason: verdict.reason,
    firingLevel: verdict.firing?.level ?? null,
    firedAt: iso(verdict.firing?.since ?? null),
    // A failure rule fires on levels: the readings' numbers (latency) would only mislead.
    samples: thinSamples(verdict.firing?.evidence ?? []).map((v) =>
      rule.signal === "failure" ? { ...v, value: null } : v,
    ),
    sampleCount: verdict.firing?.evidence.length ?? 0,
    breachingSince: iso(verdict.breachingSince),
    lastSampleAt: iso(verdict.lastSampleAt),
  };
}

/**
 * The board's triggers section at `now`. Verdicts are re-judged on the current clock (a collector that
 * stopped makes them unknown) without changing what the rules remember.
 */
export function triggersState(engine: Engine, nowMs: number, afterLaunch: boolean): TriggersState {
  engine.afterLaunch = afterLaunch;
  const rules = engine.rules.map((rule) => {
    if (!engine.loaded) {
      return toState(rule, {
        level: "unknown",
        reason: engine.error ?? "reading the stored window (a restart resumes it, never starts it over)",
        firing: null,
        breachingSince: null,
        lastSampleAt: null,
      });
    }
    const memory = engine.memory.get(rule.id) ?? EMPTY_MEMORY;
    const { verdict } = stepTrigger(rule, memory, engine.tails.get(rule.check) ?? [], nowMs);
    return toState(rule, verdict);
  });
  return {
    loaded: engine.loaded,
    error: engine.error,
    rules,
    afterLaunch,
    rollbackRecommended: afterLaunch
      ? [...recommendations(rules), ...activeIncidentRollback(engine.runbookId, engine.incidentRules, nowMs)]
      : [],
  };
}

function recommendations(rules: readonly TriggerState[]): RollbackRecommendation[] {
  return rules
    .filter((r) => r.rollback && r.firingLevel === "crit" && r.firedAt)
    .map((r) => ({
      ruleId: r.id,
      label: r.label,
      level: "crit" as const,
      source: r.source,
      condition: r.condition.crit ?? "",
      firedAt: r.firedAt as string,
      samples: r.samples,
      sampleCount: r.sampleCount,
    }));
}

/**
 * For the rollback executor: the rollback triggers firing now, after launch. Empty when none, when
 * the war room has not started, or before GO + T-0.
 */
export function getRollbackRecommendation(now = Date.now()): RollbackRecommendation[] {
  const engine = peekProcessState<Engine>("incidents.triggers");
  if (!engine) return [];
  return triggersState(engine, now, engine.afterLaunch).rollbackRecommended;
}

/** Takes the firings not yet noted on a timeline. */
export function takeFirings(engine: Engine): Firing[] {
  return engine.firings.splice(0, engine.firings.length);
}
