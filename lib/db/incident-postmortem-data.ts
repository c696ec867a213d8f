import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { listDeploys } from "@/lib/db/list-deploys";
import { readIncident } from "@/lib/db/read-incidents";
import type { Runbook } from "@/lib/model/runbook-schema";
import { LEVELS, type Level } from "@/lib/model/runbook-schema";
import {
  type MetricAtTimes,
  type MetricPoint,
  minuteByMinute,
  type PostmortemInput,
  type RollbackSummary,
} from "@/lib/rules/postmortem";

/** Before the declaration too: the onset is usually minutes earlier than the call. */
const ONSET_MS = 15 * 60_000;
/** Deploys this long before the story's start still belong to it. */
const DEPLOY_LOOKBACK_MS = 60 * 60_000;
/** A long incident's story is capped (one day of readings). */
const MAX_SPAN_MS = 24 * 3600_000;

const toLevel = (l: string): Level => ((LEVELS as readonly string[]).includes(l) ? (l as Level) : "unknown");

type MinuteRow = { minute: Date; checkId: string; level: string; value: number | null; unit: string | null };

/**
 * Each check's worst reading per minute of the window (the earliest at that level), aggregated in SQL so a
 * day-long incident reads one row per check and minute instead of every reading.
 */
async function worstPerMinute(db: PrismaClient, runbookId: string, from: Date, end: Date) {
  const rows = await db.$queryRaw<MinuteRow[]>`
    SELECT DISTINCT ON (minute, r."checkId")
      date_trunc('minute', r."collectedAt") AS minute, r."checkId", r.level, r.value, r.unit
    FROM "Reading" r JOIN "Snapshot" s ON s.id = r."snapshotId"
    WHERE r."collectedAt" >= ${from} AND r."collectedAt" <= ${end} AND s."runbookId" = ${runbookId}
    ORDER BY minute, r."checkId",
      CASE r.level WHEN 'crit' THEN 3 WHEN 'warn' THEN 2 WHEN 'ok' THEN 0 ELSE 1 END DESC,
      r."collectedAt", r.id`;
  return rows.map((r) => ({
    checkId: r.checkId,
    level: toLevel(r.level),
    value: r.value === null ? null : Number(r.value),
    unit: r.unit,
    at: new Date(r.minute).getTime(),
  }));
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
  const onset = Math.min(
    declared.getTime(),
    firstFiring ? Date.parse(firstFiring.at) : Number.POSITIVE_INFINITY,
  );
  const from = new Date(Math.max(onset - ONSET_MS, end.getTime() - MAX_SPAN_MS));

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

  return {
    incident,
    timeline,
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
  const r = await db.reading.findFirst({
    where: { checkId, collectedAt: { lte: at, gte: new Date(at.getTime() - 5 * 60_000) } },
    orderBy: { collectedAt: "desc" },
    select: { level: true, value: true, valueText: true, unit: true, collectedAt: true },
  });
  if (!r) return null;
  return {
    point: { at: r.collectedAt.toISOString(), level: toLevel(r.level), value: r.value ?? r.valueText },
    unit: r.unit,
  };
}
