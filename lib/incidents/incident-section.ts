import "server-only";
import { appendEvent } from "@/lib/db/append-event";
import { appendIncidentEvent } from "@/lib/db/append-incident-event";
import { getDb } from "@/lib/db/client";
import { readChecklistTicks } from "@/lib/db/read-checklist-ticks";
import { type IncidentWithTimeline, readIncidents } from "@/lib/db/read-incidents";
import { updateIncident } from "@/lib/db/update-incident";
import { setActiveIncidentSource } from "@/lib/incidents/incident-source";
import type { CheckState } from "@/lib/model/board";
import type { ChecklistTickRecord } from "@/lib/model/checklist";
import type { Checklist } from "@/lib/model/checklist-schema";
import type { CommsPromptSpec } from "@/lib/model/comms-prompt-schema";
import type {
  TriggerFiring as Firing,
  IncidentRecord,
  IncidentsState,
  RollbackRecommendation,
  ScaleView,
} from "@/lib/model/incident";
import type { IncidentRollbackRule, SeverityRule } from "@/lib/model/incident-rules-schema";
import type { SeverityScale } from "@/lib/model/severity-scale-schema";
import { boardChecklists, declaredScenario } from "@/lib/rules/checklists";
import { commsPrompts } from "@/lib/rules/comms-prompts";
import { dueEscalation, escalationState } from "@/lib/rules/escalation";
import { incidentRollbackRecommendations } from "@/lib/rules/incident-rollback";
import { ladderInForce, type WindowBounds } from "@/lib/rules/ladder-in-force";
import { suggestSeverity } from "@/lib/rules/severity";
import { statusUpdateDue } from "@/lib/rules/status-cadence";
import { processState } from "@/lib/runtime/process-state";

/** How old the cached incidents may get before a read refreshes them (another process may have written). */
const REFRESH_MS = 3000;

type Cache = {
  runbookId: string | null;
  active: IncidentWithTimeline | null;
  recent: IncidentRecord[];
  /** Checklist ticks of the active incident and of the latest one. */
  ticks: ChecklistTickRecord[];
  loaded: boolean;
  loadedAt: number;
  error: string | null;
  refreshing: Promise<void> | null;
  escalating: boolean;
  /** A later evaluation asked while one was running: run again at this time when it ends. */
  rerunAt: number | null;
  /** Rule firings waiting to be written (kept across a failed write). */
  firings: Firing[];
  /** The runbook's automatic escalations, as the last board build handed them in. */
  escalate: SeverityScale["escalate"];
};

function cache(): Cache {
  return processState<Cache>("incidents.cache", () => ({
    runbookId: null,
    active: null,
    recent: [],
    ticks: [],
    loaded: false,
    loadedAt: 0,
    error: null,
    refreshing: null,
    escalating: false,
    rerunAt: null,
    firings: [],
    escalate: [],
  }));
}

/** The incident scope of a runbook: its stack (one active incident at a time per scope). */
export const incidentScope = (runbookId: string) => `stack:${runbookId}`;

/** Reads the stored incidents into the cache; resolves when done (errors are kept, not thrown). */
export function refreshIncidents(runbookId: string): Promise<void> {
  const c = cache();
  const run = (c.refreshing ?? Promise.resolve()).then(async () => {
    try {
      const db = await getDb();
      const { active, recent } = await readIncidents(db, runbookId, incidentScope(runbookId));
      const ids = [...new Set([active?.incident.id, recent[0]?.id].filter((x) => x !== undefined))];
      const ticks = await readChecklistTicks(db, ids);
      Object.assign(c, { runbookId, active, recent, ticks, loaded: true, error: null });
    } catch (err) {
      c.error = `incidents unavailable: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      c.loadedAt = Date.now();
      if (c.refreshing === run) c.refreshing = null;
    }
  });
  c.refreshing = run;
  registerSource();
  return run;
}

/** The launch flow's "no active P1" gate and status cadence read the real incidents from here. */
function registerSource(): void {
  setActiveIncidentSource(() => {
    const c = cache();
    if (!c.loaded) throw new Error("incidents not loaded yet"); // read as "unknown", never "none"
    const a = c.active?.incident;
    // id, declaredAt and the last status post feed the comms status-update clock.
    const lastStatusPostAt = c.active?.timeline.filter((e) => e.kind === "status-post").at(-1)?.at ?? null;
    return a
      ? [{ id: a.id, severity: a.severity, title: a.title, declaredAt: a.declaredAt, lastStatusPostAt }]
      : [];
  });
}

/** The active incident as last read (for the launch flow and the rollback executor). */
export function cachedActiveIncident(): IncidentRecord | null {
  return cache().active?.incident ?? null;
}

/** The runbook's incident rollback rules on the active incident as last read (none until it is read). */
export function activeIncidentRollback(
  runbookId: string,
  rules: readonly IncidentRollbackRule[],
  nowMs: number,
): RollbackRecommendation[] {
  const c = cache();
  if (rules.length === 0 || c.runbookId !== runbookId || !c.active) return [];
  return incidentRollbackRecommendations(rules, c.active.incident, c.active.timeline, nowMs);
}

/** Writes due escalations and new rule firings to the timeline; one writer at a time per process. */
async function recordAutomatic(runbookId: string, nowMs: number): Promise<void> {
  const c = cache();
  if (c.escalating) {
    c.rerunAt = Math.max(c.rerunAt ?? 0, nowMs);
    return;
  }
  c.escalating = true;
  const wrote = c.firings.length;
  try {
    const db = await getDb();
    const active = c.active;
    while (c.firings.length > 0) {
      const f = c.firings[0] as Firing;
      const message = `rule ${f.label} fired ${f.level}: ${f.reason}`;
      await appendEvent(db, { kind: "rule-fired", message, data: { ruleId: f.ruleId, level: f.level } });
      if (active) {
        await appendIncidentEvent(db, {
          incidentId: active.incident.id,
          kind: "rule-fired",
          actor: null,
          message,
          data: { ruleId: f.ruleId, level: f.level, at: new Date(f.at).toISOString() },
        });
      }
      c.firings.shift();
    }
    const due = active && dueEscalation(c, active.incident, active.timeline, nowMs);
    if (active && due) {
      // Conditional on the severity it had: two processes, or a reclassification meanwhile, write once.
      await updateIncident(db, {
        incidentId: active.incident.id,
        change: { kind: "escalated", from: due.from, severity: due.to },
        personId: null,
        at: new Date(due.at),
        message: `${due.from} unresolved for ${spell(due.rule.afterMinutes)}: escalated to ${due.to} (${due.rule.source})`,
      });
    }
    if (wrote > 0 || due) await refreshIncidents(runbookId);
  } catch (err) {
    c.error = `incident timeline: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    c.escalating = false;
    const rerun = c.rerunAt;
    c.rerunAt = null;
    if (rerun !== null) void recordAutomatic(runbookId, rerun);
  }
}

const spell = (min: number) => (min >= 60 && min % 60 === 0 ? `${min / 60} h` : `${min} min`);

/** The board's incidents section: cached records, live suggestion, escalation clocks. Synchronous. */
export function buildIncidentSection(
  runbookId: string,
  checks: readonly CheckState[],
  now: Date,
  storageReady: boolean,
  firings: Firing[],
  scale: SeverityScale,
  severityRules: readonly SeverityRule[] = [],
  lists: {
    checklists: readonly Checklist[];
    people: readonly { id: string; name: string; role: string }[];
  } = {
    checklists: [],
    people: [],
  },
  prompts: readonly CommsPromptSpec[] = [],
  /** The launch window, when the runbook has one: an incident declared inside it may take another ladder. */
  launchWindow: WindowBounds | null = null,
): IncidentsState {
  const c = cache();
  c.escalate = scale.escalate;
  const nowMs = now.getTime();
  if (storageReady && !c.refreshing && (c.runbookId !== runbookId || nowMs - c.loadedAt > REFRESH_MS)) {
    void refreshIncidents(runbookId);
  }
  c.firings.push(...firings);
  if (storageReady && c.loaded && (c.firings.length > 0 || c.active)) void recordAutomatic(runbookId, nowMs);
  const suggestion = suggestSeverity(
    checks.map((ch) => ({ id: ch.id, kind: ch.kind, level: ch.level, value: ch.value, summary: ch.summary })),
    scale,
    severityRules,
  );
  const mine = c.runbookId === runbookId;
  const active = mine ? c.active : null;
  const latest = mine ? c.recent[0] : undefined;
  const scenarios = [
    ...(active ? [declaredScenario(active.incident.suggestion)] : []),
    suggestion.scenario?.id ?? null,
  ].filter((x) => x !== null);
  return {
    loaded: mine && c.loaded,
    error: c.error,
    scope: incidentScope(runbookId),
    suggestion,
    recent: mine ? c.recent : [],
    scale: scaleView(scale),
    checklists: boardChecklists({
      checklists: lists.checklists,
      active: active ? { id: active.incident.id, scenarios } : null,
      lastResolved: latest?.status === "resolved" ? latest : null,
      ticks: mine ? c.ticks : [],
      people: lists.people,
    }),
    active: active && {
      ...active.incident,
      escalation: escalationWithLadder(scale, active, launchWindow, nowMs),
      statusUpdate: statusView(active, now),
      prompts: commsPrompts(prompts, active.incident, active.timeline, nowMs),
      timeline: active.timeline,
    },
  };
}

/** The clocks with the ladder in force for this incident, and where that ladder comes from. */
function escalationWithLadder(
  scale: SeverityScale,
  active: IncidentWithTimeline,
  launchWindow: WindowBounds | null,
  nowMs: number,
) {
  const inForce = ladderInForce(scale, active.incident.declaredAt, launchWindow);
  const state = escalationState(
    { ...scale, ladder: inForce.ladder },
    active.incident,
    active.timeline,
    nowMs,
  );
  return inForce.source ? { ...state, ladderSource: inForce.source } : state;
}

function scaleView(scale: SeverityScale): ScaleView {
  const view = ({ label, definition, source }: SeverityScale["levels"]["P0"]) => ({
    label,
    definition,
    source,
  });
  return {
    basis: scale.basis,
    levels: { P0: view(scale.levels.P0), P1: view(scale.levels.P1), P2: view(scale.levels.P2) },
  };
}

function statusView(active: IncidentWithTimeline, now: Date) {
  const lastPostedAt = active.timeline.filter((e) => e.kind === "status-post").at(-1)?.at ?? null;
  const due = statusUpdateDue({ declaredAt: active.incident.declaredAt, lastPostedAt }, now);
  return { dueAt: due.dueAt, secondsRemaining: due.secondsRemaining, isOverdue: due.isOverdue, lastPostedAt };
}
