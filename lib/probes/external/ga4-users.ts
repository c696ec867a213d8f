import "server-only";
import type { CheckOf } from "@/lib/model/runbook-schema";
import { requestJson, tokenFrom } from "@/lib/probes/external/external-request";
import type { UsersCount } from "@/lib/rules/postmortem-sections";

/** GA4 is asked for at most a day of minutes (the filter names each one). */
const MAX_MINUTES = 24 * 60;

const PARTS = ["year", "month", "day", "hour", "minute"] as const;

/** GA4's dateHourMinute (YYYYMMDDHHMM) of an instant in the property's reporting time zone. */
export function dateHourMinute(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  return PARTS.map((t) => parts.find((p) => p.type === t)?.value ?? "").join("");
}

/** Every minute from `fromMs` to `toMs` (both included), as GA4 names them in `timeZone`. */
export function minutesBetween(fromMs: number, toMs: number, timeZone: string): string[] {
  const keys = new Set<string>();
  for (let t = Math.floor(fromMs / 60_000) * 60_000; t <= toMs; t += 60_000)
    keys.add(dateHourMinute(t, timeZone));
  return [...keys];
}

const asDate = (key: string) => `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`;

/**
 * Incident §6.2 "affected users": GA4's activeUsers over the incident's minutes (the standard report,
 * filtered on dateHourMinute in the property's reporting time zone). Not configured, refused or longer
 * than a day: the reason, never a number.
 */
export async function readGa4Users(
  check: CheckOf<"ga4"> | null,
  window: { fromMs: number; toMs: number; timeZone: string; nowIso: string },
  signal: AbortSignal,
): Promise<UsersCount> {
  if (!check) return { ok: false, reason: "the runbook has no GA4 check" };
  if (check.unavailable) return { ok: false, reason: check.unavailable };
  const token = tokenFrom(check.tokenEnv);
  if ("missing" in token) return { ok: false, reason: `GA4 ${token.missing}` };
  const minutes = minutesBetween(window.fromMs, window.toMs, window.timeZone);
  if (minutes.length > MAX_MINUTES) {
    return {
      ok: false,
      reason: `the incident spans ${minutes.length} minutes; GA4 is asked for a day at most`,
    };
  }
  const first = minutes[0] ?? "";
  const last = minutes.at(-1) ?? "";
  const url = `${check.url.replace(/\/+$/, "")}/v1beta/properties/${check.property}:runReport`;
  const body = {
    dateRanges: [{ startDate: asDate(first), endDate: asDate(last) }],
    metrics: [{ name: "activeUsers" }],
    dimensionFilter: { filter: { fieldName: "dateHourMinute", inListFilter: { values: minutes } } },
  };
  const answer = await requestJson(url, { method: "POST", token: token.token, body }, { signal });
  if (!answer.ok) return { ok: false, reason: `GA4: ${answer.reason}` };
  const report = answer.json as { kind?: unknown; rows?: { metricValues?: { value?: string }[] }[] };
  if (report?.kind !== "analyticsData#runReport") {
    return { ok: false, reason: "GA4 answered with something that is not a report" };
  }
  // GA4 leaves the rows out when nobody was counted.
  const users = report.rows ? Number(report.rows[0]?.metricValues?.[0]?.value) : 0;
  if (!Number.isFinite(users)) return { ok: false, reason: "GA4's report has no activeUsers figure" };
  return {
    ok: true,
    users,
    source: `GA4 property ${check.property}: activeUsers over ${first}–${last} (${window.timeZone}), as GA4 had processed it at ${window.nowIso}`,
  };
}
