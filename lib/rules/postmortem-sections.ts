import type { IncidentEventRecord } from "@/lib/model/incident";
import type { Level } from "@/lib/model/runbook-schema";

/** A check's level change in one minute (postmortem.ts's MinuteChange, the fields read here). */
type MinuteChange = {
  minute: string;
  checkId: string;
  from: Level | null;
  to: Level;
  value?: number | null;
  unit?: string | null;
};

/** Requests and 5xx counted from the error-rate readings over the incident (see countTraffic). */
export type TrafficCount = {
  requests: number;
  failed: number;
  /** How much of the incident the counted windows cover, in ms, against its whole span. */
  coveredMs: number;
  spanMs: number;
  /** The check the counts come from. */
  checkId: string;
};

/** The error-rate probe's summary: "error rate 4.1% over 60 s (25 of 600 requests 5xx)". */
const COUNTS = /over (\d+) s \((\d+) of (\d+) requests/;

/**
 * Requests and failures over [fromMs, toMs] from readings whose summaries carry a window's counts. The
 * windows overlap (one every cycle, each a minute long): a reading is counted only when its window lies in
 * the span and starts at or after the end of the last one counted, so no request is counted twice. Null when no reading has
 * counts. Pure.
 */
export function countTraffic(
  checkId: string,
  readings: readonly { at: number; summary: string }[],
  fromMs: number,
  toMs: number,
): TrafficCount | null {
  let requests = 0;
  let failed = 0;
  let coveredMs = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  let any = false;
  for (const r of [...readings].sort((a, b) => a.at - b.at)) {
    const m = COUNTS.exec(r.summary);
    if (!m || r.at > toMs) continue;
    const spanMs = Number(m[1]) * 1000;
    const start = r.at - spanMs;
    // Only windows wholly inside the span, and never two that overlap.
    if (start < fromMs || start < lastEnd) continue;
    failed += Number(m[2]);
    requests += Number(m[3]);
    coveredMs += spanMs;
    lastEnd = r.at;
    any = true;
  }
  return any ? { requests, failed, coveredMs, spanMs: Math.max(0, toMs - fromMs), checkId } : null;
}

type Clock = (iso: string) => string;

/**
 * Incident §6.2 "Detection — how we found out": the first alert (a rule that fired) and the first failing
 * check before the declaration, and how long after them it was declared. With neither, a person found it
 * (a user report or a manual check), and the section says so for them to name which.
 */
export function detectionLines(
  declaredAt: string,
  declaredBy: string,
  timeline: readonly IncidentEventRecord[],
  minuteChanges: readonly MinuteChange[],
  clock: Clock,
): string[] {
  const declaredMs = Date.parse(declaredAt);
  const after = (iso: string) => Math.round((declaredMs - Date.parse(iso)) / 60_000);
  const firstAlert = timeline.find((e) => e.kind === "rule-fired" && Date.parse(e.at) <= declaredMs);
  const firstFailing = minuteChanges.find(
    (c) => (c.to === "crit" || c.to === "warn") && Date.parse(c.minute) <= declaredMs,
  );
  const lines: string[] = [];
  if (firstAlert) lines.push(`- Alert: ${firstAlert.message} at ${clock(firstAlert.at)} (warroom's rule)`);
  if (firstFailing)
    lines.push(
      `- First failing check: ${firstFailing.checkId} ${firstFailing.from ?? "–"} → ${firstFailing.to} at ${clock(firstFailing.minute)}`,
    );
  if (!firstAlert && !firstFailing)
    lines.push(
      "- No alert and no failing check before the declaration: found by a person — [user report or manual check: say which]",
    );
  const earliest = [firstAlert?.at, firstFailing?.minute].filter((x): x is string => !!x).sort()[0];
  lines.push(
    `- Declared at ${clock(declaredAt)} by ${declaredBy}${earliest ? `, ${after(earliest)} minutes after the first sign` : ""}`,
  );
  return lines;
}

/** Users over the incident (GA4's active users) with the figure's source, or why there is none. */
export type UsersCount = { ok: true; users: number; source: string } | { ok: false; reason: string };

function usersLine(users: UsersCount | null): string {
  // Without an analytics source nothing warroom reads counts people: the API's metrics count requests.
  if (!users) return "- Users affected: not counted by the API's metrics — [estimate]";
  return users.ok
    ? `- Users affected: ${users.users} active users (${users.source})`
    : `- Users affected: unknown — ${users.reason} — [estimate]`;
}

/** Incident §6.2 "Impact — duration, affected users/requests": what storage and GA4 can say, the rest for people. */
export function impactLines(
  minutes: number,
  traffic: TrafficCount | null,
  affected: readonly string[],
  users: UsersCount | null = null,
): string[] {
  const pct = (a: number, b: number) => (b > 0 ? `${Math.round((1000 * a) / b) / 10}%` : "–");
  const requests = traffic
    ? `- Requests: ${traffic.failed} of ${traffic.requests} failed with 5xx (${pct(traffic.failed, traffic.requests)}), counted from ${traffic.checkId}'s readings over ${Math.round(traffic.coveredMs / 60_000)} of ${Math.round(traffic.spanMs / 60_000)} minutes`
    : "- Requests failed: no error-rate reading with request counts in the incident's span — [estimate]";
  return [
    `- Duration: ${minutes} minutes`,
    requests,
    usersLine(users),
    `- Features affected: ${affected.length ? affected.join(", ") : "[list]"}`,
  ];
}

/** When the review is due (incident §6.2: 24 h; Customer Intelligence: 48 h after resolution), as a clock. */
export function reviewDueLine(
  resolvedAt: string | null,
  dueWithinHours: number | null,
  nowIso: string,
  clock: Clock,
  date: (iso: string) => string,
): string | null {
  if (dueWithinHours === null) return null;
  if (!resolvedAt) return `**Review due:** ${dueWithinHours} h after resolution (not resolved yet)`;
  const due = Date.parse(resolvedAt) + dueWithinHours * 3600_000;
  const left = Math.round((due - Date.parse(nowIso)) / 3600_000);
  const dueIso = new Date(due).toISOString();
  const state = left >= 0 ? `in ${left} h` : `OVERDUE by ${-left} h`;
  return `**Review due:** ${date(dueIso)} ${clock(dueIso)} (${dueWithinHours} h after resolution; ${state})`;
}
