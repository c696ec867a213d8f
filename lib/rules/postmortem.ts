import type { DeployRecord } from "@/lib/model/deploy-watch";
import type { IncidentEventRecord, IncidentRecord } from "@/lib/model/incident";
import type { Level } from "@/lib/model/runbook-schema";
import {
  checklistSection,
  checklistTimelineRows,
  type PostmortemChecklists,
} from "@/lib/rules/checklist-postmortem";
import {
  detectionLines,
  impactLines,
  reviewDueLine,
  type TrafficCount,
  type UsersCount,
} from "@/lib/rules/postmortem-sections";

/** Everything the post-mortem is filled from (read from storage by lib/db/incident-postmortem-data.ts). */
export type PostmortemInput = {
  incident: IncidentRecord;
  timeline: IncidentEventRecord[];
  /** The checklists in force for it and every tick (absent: none read). */
  checklists?: PostmortemChecklists;
  /** Level changes per minute from the stored snapshots (worst level of each check in each minute). */
  minuteChanges: MinuteChange[];
  metrics: MetricAtTimes[];
  rollbacks: RollbackSummary[];
  /** Image changes of the primary seen on the engine around the incident (deploys, warroom's own runs). */
  deploys: DeployRecord[];
  people: Record<string, string>;
  timeZone: string;
  /** "now" for an incident still open. */
  nowIso: string;
  /** Requests and 5xx over the incident, from the error-rate readings (null: none with counts). */
  traffic?: TrafficCount | null;
  /** Users active during the incident (GA4), or why that is not known (absent: not asked). */
  users?: UsersCount | null;
  /** The runbook's deadline for the review, in hours after resolution (null: it names none). */
  reviewDueHours?: number | null;
};

export type MinuteChange = {
  minute: string;
  checkId: string;
  from: Level | null;
  to: Level;
  value: number | null;
  unit: string | null;
};

export type MetricPoint = { at: string; level: Level; value: number | string | null };
export type MetricAtTimes = {
  checkId: string;
  label: string;
  unit: string | null;
  detection: MetricPoint | null;
  resolution: MetricPoint | null;
};

export type RollbackSummary = {
  id: string;
  kind: string;
  status: string;
  outcome: string | null;
  requestedBy: string;
  reason: string;
  startedAt: string;
  finishedAt: string | null;
  steps: {
    index: number;
    name: string;
    command: string;
    status: string;
    durationMs: number | null;
    startedAt: string | null;
  }[];
};

const LEVEL_RANK: Record<Level, number> = { ok: 0, unknown: 1, warn: 2, crit: 3 };

/** Worst of two levels (crit > warn > unknown > ok): a minute with one failure is a failing minute. */
export function worseLevel(a: Level, b: Level): Level {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

/**
 * Level changes per minute from readings (oldest first): each check's worst level per minute, and a row
 * only when that differs from its previous minute. A minute-by-minute story, not every reading. Pure.
 */
export function minuteByMinute(
  readings: readonly {
    checkId: string;
    level: Level;
    value: number | null;
    unit: string | null;
    at: number;
  }[],
): MinuteChange[] {
  const perMinute = new Map<string, { level: Level; value: number | null; unit: string | null }>();
  const order: string[] = [];
  for (const r of readings) {
    const minute = new Date(Math.floor(r.at / 60_000) * 60_000).toISOString();
    const key = `${minute}|${r.checkId}`;
    const seen = perMinute.get(key);
    if (!seen) {
      perMinute.set(key, { level: r.level, value: r.value, unit: r.unit });
      order.push(key);
    } else if (worseLevel(r.level, seen.level) !== seen.level) {
      perMinute.set(key, { level: r.level, value: r.value, unit: r.unit });
    }
  }
  const last = new Map<string, Level>();
  const changes: MinuteChange[] = [];
  for (const key of order.sort()) {
    const [minute = "", checkId = ""] = key.split("|");
    const m = perMinute.get(key);
    if (!m) continue;
    const before = last.get(checkId) ?? null;
    if (before !== m.level)
      changes.push({ minute, checkId, from: before, to: m.level, value: m.value, unit: m.unit });
    last.set(checkId, m.level);
  }
  // The first minute of a check that was fine all along is noise: keep only first sightings that are not ok.
  return changes.filter((c) => c.from !== null || c.to !== "ok");
}

function clock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

function zoneAbbrev(iso: string, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(new Date(iso))
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

function fmtValue(v: number | string | null, unit: string | null): string {
  if (v === null) return "–";
  const n = typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v;
  return unit ? `${n} ${unit}` : n;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

type Row = { at: string; text: string };

const imageOf = (r: DeployRecord["to"] | null) => (r ? (r.tag ?? r.id.slice(7, 19)) : "unknown");

/** One line per deploy: what changed and how its smoke suite went. */
export function describeDeployLine(d: DeployRecord): string {
  const what = d.kind === "deploy" ? "Deploy detected" : `warroom ${d.kind} recreated`;
  const results = d.smoke?.results ?? [];
  const failed = results.filter((r) => r.status === "fail").map((r) => r.label);
  const passed = results.filter((r) => r.status === "pass").length;
  const smoke = d.smoke
    ? `; smoke ${passed}/${results.length} passed${failed.length ? ` (failed: ${failed.join(", ")})` : ""}`
    : "";
  return `${what}: ${d.container} ${imageOf(d.from)} → ${imageOf(d.to)}${smoke}`;
}

function timelineRows(input: PostmortemInput, name: (id: string | null) => string): Row[] {
  // Deploys come from their own records (one row each, the incident's copy of the note is the same event).
  const rows: Row[] = input.timeline
    .filter((e) => e.kind !== "deploy")
    .map((e) => ({
      at: e.at,
      text: `${e.kind === "declared" ? "Incident declared" : e.kind}${e.actor ? ` (${name(e.actor)})` : ""}: ${e.message}`,
    }));
  for (const c of input.minuteChanges) {
    rows.push({
      at: c.minute,
      text: `${c.checkId} ${c.from ?? "–"} → ${c.to}${c.value !== null ? ` (${fmtValue(c.value, c.unit)})` : ""}`,
    });
  }
  for (const d of input.deploys) rows.push({ at: d.at, text: describeDeployLine(d) });
  rows.push(...checklistTimelineRows(input.checklists, name));
  for (const r of input.rollbacks) {
    rows.push({ at: r.startedAt, text: `${r.kind} started by ${name(r.requestedBy)}: ${r.reason}` });
    if (r.finishedAt)
      rows.push({ at: r.finishedAt, text: `${r.kind} ${r.status}${r.outcome ? `: ${r.outcome}` : ""}` });
  }
  return rows.sort((a, b) => a.at.localeCompare(b.at));
}

/** The incident runbook's §6.3 template, filled from storage; root cause and action items left for people. */
export function renderPostmortem(input: PostmortemInput): string {
  const { incident: inc, timeZone: tz } = input;
  const name = (id: string | null) => (id ? (input.people[id] ?? id) : "warroom");
  const end = inc.resolvedAt ?? input.nowIso;
  const minutes = Math.round((Date.parse(end) - Date.parse(inc.declaredAt)) / 60_000);
  const zone = zoneAbbrev(inc.declaredAt, tz);
  const changes = input.timeline.filter((e) => e.kind === "reclassified" || e.kind === "escalated");
  const severityLine = [
    inc.severity,
    ...changes.map(
      (e) => `(${e.kind} ${String(e.data.from ?? "?")} → ${String(e.data.to ?? "?")} at ${clock(e.at, tz)})`,
    ),
  ].join(" ");
  const decided = (k: string) =>
    ["declared", "reclassified", "escalated", "resolved", "decision"].includes(k);
  const decisions = input.timeline.filter((e) => decided(e.kind));
  const actions = input.timeline.filter((e) => e.kind === "action" || e.kind === "engaged");
  const messages = input.timeline.filter((e) => e.kind === "message" || e.kind === "status-post");
  const affected = [...new Set(input.minuteChanges.filter((c) => c.to === "crit").map((c) => c.checkId))];
  const at = (iso: string) => clock(iso, tz);
  const day = (iso: string) => new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(new Date(iso));
  const list = (items: IncidentEventRecord[]) =>
    items.length === 0
      ? ["- (none recorded)"]
      : items.map((e) => `- ${clock(e.at, tz)} ${name(e.actor)}: ${e.message}`);

  const out: string[] = [
    `# Post-Mortem — ${inc.title}`,
    `**Date:** ${day(inc.declaredAt)}`,
    `**Severity:** ${severityLine}`,
    `**Duration:** ${clock(inc.declaredAt, tz)}–${clock(end, tz)} ${zone} (${minutes} minutes)${inc.resolvedAt ? "" : " — STILL ACTIVE"}`,
    `**Author:** ${name(inc.resolvedBy ?? inc.declaredBy)}`,
    ...[reviewDueLine(inc.resolvedAt, input.reviewDueHours ?? null, input.nowIso, at, day)].filter(
      (l): l is string => l !== null,
    ),
    "",
    "## Summary",
    "[2-3 sentence summary of what happened and the impact — to be written by people]",
    "",
    `## Timeline (${zone}, minute by minute from the stored snapshots)`,
    "| Time | Event |",
    "|------|-------|",
    ...timelineRows(input, name).map((r) => `| ${clock(r.at, tz)} | ${cell(r.text)} |`),
    "",
    "## Metrics at detection and at resolution",
    `| Check | At detection (${clock(inc.declaredAt, tz)}) | ${inc.resolvedAt ? "At resolution" : "Now, still active"} (${clock(end, tz)}) |`,
    "|-------|-----------|------------|",
    ...input.metrics.map(
      (m) =>
        `| ${cell(m.label)} | ${m.detection ? `${fmtValue(m.detection.value, m.unit)} (${m.detection.level})` : "no reading"} | ${m.resolution ? `${fmtValue(m.resolution.value, m.unit)} (${m.resolution.level})` : "no reading"} |`,
    ),
    "",
    "## Deploys (seen on the Docker engine)",
    ...(input.deploys.length === 0
      ? ["- (none in this window)"]
      : input.deploys.flatMap((d) => [
          `- ${clock(d.at, tz)} ${describeDeployLine(d)}. ${d.stateNote}`,
          ...(d.smoke?.results ?? []).map(
            (r) =>
              `  - ${r.label}: ${r.status}${r.status === "pass" ? "" : ` — ${r.checks.map((c) => c.summary).join("; ")}`}`,
          ),
        ])),
    "",
    "## Decisions",
    ...list(decisions),
    "",
    "## Actions",
    ...list(actions),
    ...input.rollbacks.flatMap((r) => [
      `- ${r.kind} ${r.id.slice(0, 8)} by ${name(r.requestedBy)} (${r.status}${r.outcome ? `: ${r.outcome}` : ""}): ${r.reason}`,
      ...r.steps.map(
        (s) =>
          `  ${s.index + 1}. ${s.name} — \`${s.command}\` — ${s.status}${s.durationMs !== null ? ` in ${(s.durationMs / 1000).toFixed(1)} s` : ""}`,
      ),
    ]),
    "",
    "## Checklists (ticks and entries, the latest counts)",
    ...checklistSection(input.checklists, name, (iso) => clock(iso, tz)),
    "",
    "## Messages",
    ...list(messages),
    "",
    "## Root Cause",
    "[Technical explanation of what failed and why — to be written by people]",
    "",
    "## Detection",
    ...detectionLines(inc.declaredAt, name(inc.declaredBy), input.timeline, input.minuteChanges, at),
    "",
    "## Impact",
    ...impactLines(minutes, input.traffic ?? null, affected, input.users ?? null),
    "",
    "## What We Did Well",
    "- [bullet]",
    "",
    "## What We Can Improve",
    "- [bullet]",
    "",
    "## Action Items",
    "| Item | Owner | Due |",
    "|------|-------|-----|",
    "| [task] | [agent] | [date] |",
    "",
  ];
  return out.join("\n");
}
