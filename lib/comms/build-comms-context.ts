import type { BoardState } from "@/lib/model/board";
import type { CommsCheck, CommsContext, CommsIncident, CommsRollback } from "@/lib/model/comms";
import type { Severity } from "@/lib/model/comms-schema";
import { STATUS_UPDATE_EVERY_MINUTES, statusUpdateDue } from "@/lib/rules/status-cadence";

type Instant = Date | string;

/** The part of the board comms read: the clock, effective T-0 and zone, the checks as served. */
export type CommsBoard = Pick<BoardState, "serverNow" | "checks"> & {
  launch: Pick<BoardState["launch"], "t0" | "timeZone">;
};

/** What callers know beyond the board: the incident, the rollback decision, what a person typed. */
export type CommsExtra = {
  /** Render time; the board's serverNow when absent. */
  now?: Instant;
  incident?: {
    severity: Severity;
    title?: string | null;
    impact?: string | null;
    phase?: string | null;
    declaredAt?: Instant | null;
    resolvedAt?: Instant | null;
  } | null;
  rollback?: {
    reason: string;
    by?: string | null;
    startedAt?: Instant | null;
    outcome?: string | null;
  } | null;
  /** Minutes between status updates (the runbook's cadence for this incident); 15 when absent. */
  cadenceMinutes?: number;
  manual?: Record<string, string>;
};

function iso(t: Instant): string {
  return (typeof t === "string" ? new Date(t) : t).toISOString();
}

function toIncident(input: NonNullable<CommsExtra["incident"]>): CommsIncident {
  return {
    severity: input.severity,
    title: input.title ?? null,
    impact: input.impact ?? null,
    phase: input.phase ?? null,
    declaredAt: input.declaredAt ? iso(input.declaredAt) : null,
    resolvedAt: input.resolvedAt ? iso(input.resolvedAt) : null,
  };
}

function toRollback(input: NonNullable<CommsExtra["rollback"]>): CommsRollback {
  return {
    reason: input.reason,
    by: input.by ?? null,
    startedAt: input.startedAt ? iso(input.startedAt) : null,
    outcome: input.outcome ?? null,
  };
}

/** The facts a template can use, from the board as served (stale readings already unknown). Pure. */
export function buildCommsContext(state: CommsBoard, extra: CommsExtra = {}): CommsContext {
  const now = iso(extra.now ?? state.serverNow);
  const checks: Record<string, CommsCheck> = {};
  for (const c of state.checks) {
    checks[c.id] = {
      id: c.id,
      label: c.label,
      level: c.level,
      value: c.value,
      unit: c.unit,
      summary: c.summary,
      stale: c.stale !== null,
      collectedAt: c.collectedAt,
    };
  }
  const every = extra.cadenceMinutes ?? STATUS_UPDATE_EVERY_MINUTES;
  return {
    now,
    timeZone: state.launch.timeZone,
    launchAt: state.launch.t0,
    checks,
    // Uptime over a window is a success criterion, not current health: lists of "all checks" (failing
    // checks, status colour, recovering) leave it out; a template can still name it. So is a check this
    // deployment does not probe (no Sentry project configured): it says nothing about the system.
    checkOrder: state.checks
      .filter((c) => c.kind !== "uptime" && c.evidence?.notProbed !== true)
      .map((c) => c.id),
    incident: extra.incident ? toIncident(extra.incident) : null,
    rollback: extra.rollback ? toRollback(extra.rollback) : null,
    // Posting now restarts the cadence, so the next one is due a full interval from now.
    nextUpdateAt: statusUpdateDue(now, new Date(now), every).dueAt,
    manual: { ...extra.manual },
  };
}
