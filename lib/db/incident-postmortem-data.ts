import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { listDeploys } from "@/lib/db/list-deploys";
import { readChecklistTicks } from "@/lib/db/read-checklist-ticks";
import { readIncident } from "@/lib/db/read-incidents";
import { CYCLE_SLACK, detailsFor, scanCheck, tell } from "@/lib/db/scan-readings";
import type { Runbook } from "@/lib/model/runbook-schema";
import { LEVELS, type Level } from "@/lib/model/runbook-schema";
import { incidentChecklists } from "@/lib/rules/checklists";
import {
  type MetricAtTimes,
  type MetricPoint,
  minuteByMinute,
  type PostmortemInput,
  type RollbackSummary,
} from "@/lib/rules/postmortem";
import { countTraffic, type TrafficCount } from "@/lib/rules/postmortem-sections";

/** Before the declaration too: the onset is usually minutes earlier than the call. */
const ONSET_MS = 15 * 60_000;
/** Deploys this long before the story's start still belong to it. */
const DEPLOY_LOOKBACK_MS = 60 * 60_000;
/** A long incident's story is capped (one day of readings). */
const MAX_SPAN_MS = 24 * 3600_000;
/** A metric's value at a moment is its last reading at most this long before. */
const POINT_LOOKBACK_MS = 5 * 60_000;

const toLevel = (l: string): Level => ((LEVELS as readonly string[]).includes(l) ? (l as Level) : "unknown");

type MinuteRow = { minute: Date; checkId: string; level: string; value: number | null; unit: string | null };

/**
 * Each check's worst reading per minute of the window (the earliest at that level), aggregated in SQL so a
 * day-long incident reads one row per check and minute instead of every reading. The unit is the one of the
 * check's detail in effect at that reading.
 */
async function worstPerMinute(db: PrismaClient, runbookId: string, from: Date, end: Date) {
  const rows = await db.$queryRaw<MinuteRow[]>`
    SELECT w.minute, ck."key" AS "checkId", w.level, w.value, d."unit"
    FROM (
      SELECT DISTINCT ON (minute, x.k)
        date_trunc('minute', x.at) AS minute, x.k, x.at,
        CASE substr(x.levels, x.i::int, 1) WHEN 'o' THEN 'ok' WHEN 'w' THEN 'warn' WHEN 'c' THEN 'crit'
          ELSE 'unknown' END AS level,
        CASE WHEN x.v = 'NaN'::float8 THEN NULL ELSE x.v END AS value
      FROM (
        SELECT s."startedAt" + u.o * interval '1 millisecond' AS at, s."startedAt", s."id", s."levels", u.k, u.v, u.i
        FROM "Snapshot" s
        CROSS JOIN LATERAL unnest(s."checkKeys", s."numbers", s."offsetsMs") WITH ORDINALITY AS u(k, v, o, i)
        WHERE s."runbookId" = ${runbookId}
          AND s."startedAt" >= ${from}::timestamptz - ${CYCLE_SLACK}::interval
          AND s."startedAt" <= ${end}::timestamptz + ${CYCLE_SLACK}::interval
      ) x
      WHERE x.at >= ${from}::timestamptz AND x.at <= ${end}::timestamptz
      ORDER BY minute, x.k,
        CASE substr(x.levels, x.i::int, 1) WHEN 'c' THEN 3 WHEN 'w' THEN 2 WHEN 'o' THEN 0 ELSE 1 END DESC,
        x.at, x."startedAt", x."id", x.i
    ) w
    JOIN "CheckKey" ck ON ck."id" = w.k
    LEFT JOIN LATERAL (
      SELECT r."unit" FROM "ReadingDetail" r WHERE r."checkKey" = w.k AND r."at" <= w.at ORDER BY r."at" DESC LIMIT 1
    ) d ON true
    ORDER BY w.minute, ck."key"`;
  return rows.map((r) => ({
    checkId: r.checkId,
    level: toLevel(r.level),
    value: r.value === null ? null : Number(r.value),
    unit: r.unit,
    at: new Date(r.minute).getTime(),
  }));
}

/** Where an incident's story starts: before the onset, at most a day before its end. */
export function postmortemStart(declaredMs: number, endMs: number, firstFiringMs: number | null): number {
  const onset = Math.min(declaredMs, firstFiringMs ?? Number.POSITIVE_INFINITY);
  return Math.max(onset - ONSET_MS, endMs - MAX_SPAN_MS);
}

/**
 * The readings an incident's post-mortem reads ([from, to], to null while it is open): its story and the
 * 5 minutes before the declaration that the metric at detection looks back on. Pruning keeps them.
 */
export function postmortemReadingSpan(
  declaredMs: number,
  resolvedMs: number | null,
  firstFiringMs: number | null,
  nowMs: number,
): { from: number; to: number | null } {
  const end = resolvedMs ?? nowMs;
  const from = Math.min(postmortemStart(declaredMs, end, firstFiringMs), declaredMs - POINT_LOOKBACK_MS);
  return { from, to: resolvedMs };
}

/** Reads what the post-mortem needs: incident, timeline, snapshots in its window, metrics, rollbacks. */
export async function readPostmortemData(
  db: PrismaClient,
  runbook: Runbook,
  incidentId: string,
  now: Date,
): Promise<PostmortemInput | null> {
  const found = await readIncident(db, incidentId);
  if (!found || found.incident.runbookId !== runbook.id) return null;
  const { incident, timeline } = found;
  const declared = new Date(incident.declaredAt);
  const end = incident.resolvedAt ? new Date(incident.resolvedAt) : now;
  const firstFiring = timeline.find((e) => e.kind === "rule-fired");
  const from = new Date(
    postmortemStart(declared.getTime(), end.getTime(), firstFiring ? Date.parse(firstFiring.at) : null),
  );

  const minuteChanges = minuteByMinute(await worstPerMinute(db, runbook.id, from, end));

  const watched = [
    ...new Set([...runbook.gauges.map((g) => g.check), ...runbook.triggers.map((t) => t.check)]),
  ];
  const metrics = await Promise.all(
    watched.map(async (checkId): Promise<MetricAtTimes> => {
      const check = runbook.checks.find((c) => c.id === checkId);
      const [atDetection, atResolution] = await Promise.all([
        pointAt(db, checkId, declared),
        pointAt(db, checkId, end),
      ]);
      return {
        checkId,
        label: check?.label ?? checkId,
        unit: atDetection?.unit ?? atResolution?.unit ?? null,
        detection: atDetection?.point ?? null,
        resolution: atResolution?.point ?? null,
      };
    }),
  );

  const runs = await db.rollbackRun.findMany({
    where: {
      runbookId: runbook.id,
      OR: [{ incidentId }, { incidentId: null, startedAt: { gte: declared, lte: end } }],
    },
    include: { steps: { orderBy: { index: "asc" } } },
    orderBy: { startedAt: "asc" },
  });
  const rollbacks: RollbackSummary[] = runs.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    outcome: r.outcome,
    requestedBy: r.requestedBy,
    reason: r.reason,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    steps: r.steps.map((s) => ({
      index: s.index,
      name: s.name,
      command: s.command,
      status: s.status,
      durationMs: s.durationMs,
      startedAt: s.startedAt?.toISOString() ?? null,
    })),
  }));

  // The deploy that caused it usually came before the onset: look an hour further back.
  const deploys = await listDeploys(db, runbook.id, {
    from: new Date(from.getTime() - DEPLOY_LOOKBACK_MS),
    to: end,
    limit: 50,
  });

  const ticks = await readChecklistTicks(db, [incident.id]);

  return {
    incident,
    timeline,
    checklists: { views: incidentChecklists(runbook.checklists, incident, ticks, runbook.people), ticks },
    traffic: await trafficOver(db, runbook, declared, end),
    reviewDueHours: runbook.postmortem?.dueWithinHours ?? null,
    minuteChanges,
    metrics,
    rollbacks,
    deploys: deploys.reverse(),
    people: Object.fromEntries(runbook.people.map((p) => [p.id, p.name])),
    timeZone: runbook.launch.timeZone,
    nowIso: now.toISOString(),
  };
}

/** The last reading of a check at or before `at` (within 5 minutes: older says nothing about then). */
async function pointAt(
  db: PrismaClient,
  checkId: string,
  at: Date,
): Promise<{ point: MetricPoint; unit: string | null } | null> {
  const scanned = await scanCheck(
    db,
    checkId,
    new Date(at.getTime() - POINT_LOOKBACK_MS),
    new Date(at.getTime() + 1),
    1,
  );
  const r = scanned?.rows[0];
  if (!scanned || !r) return null;
  const { detail } = tell(await detailsFor(db, scanned.key, [r]), r);
  return {
    point: { at: new Date(r.at).toISOString(), level: r.level, value: r.number ?? r.text },
    unit: detail?.unit ?? null,
  };
}

/**
 * Requests and 5xx from the API-wide error-rate check's readings between the declaration and the end:
 * each reading's summary keeps its window's counts.
 */
async function trafficOver(
  db: PrismaClient,
  runbook: Runbook,
  from: Date,
  to: Date,
): Promise<TrafficCount | null> {
  const check = runbook.checks.find(
    (c) => c.kind === "prometheus" && c.series === "error-rate" && !c.labels && !c.unavailable,
  );
  if (!check) return null;
  const scanned = await scanCheck(db, check.id, from, new Date(to.getTime() + 1), null);
  if (!scanned || scanned.rows.length === 0) return null;
  const details = await detailsFor(db, scanned.key, scanned.rows, false);
  const readings = scanned.rows.map((r) => ({ at: r.at, summary: tell(details, r).summary }));
  return countTraffic(check.id, readings, from.getTime(), to.getTime());
}
