import type { Launch } from "@/lib/model/runbook-schema";

/** The wall-clock reading of instant `at` in `timeZone` (24-hour, seconds resolution). */
function wallClock(timeZone: string, at: Date) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** Offset of `timeZone` from UTC at instant `at`, in minutes (New York in April: -240). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const w = wallClock(timeZone, at);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** Instant `at` as a local wall time in `timeZone`, e.g. "2026-04-23T09:00:00". */
export function toLocalWallTime(at: Date, timeZone: string): string {
  const w = wallClock(timeZone, at);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
}

/**
 * The UTC instant of a wall-clock time in an IANA zone. An ambiguous wall time takes its first instant; one
 * skipped by a spring-forward gap resolves to the instant just after the gap, as most schedulers do.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) throw new Error(`"${local}" is not a local date-time like 2026-04-23T09:00`);
  const [, y, mo, d, h, mi, s] = m;
  const wallAsUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const first = wallAsUtc - zoneOffsetMinutes(timeZone, new Date(wallAsUtc)) * 60_000;
  const second = wallAsUtc - zoneOffsetMinutes(timeZone, new Date(first)) * 60_000;
  const roundTrips = (t: number) => t + zoneOffsetMinutes(timeZone, new Date(t)) * 60_000 === wallAsUtc;
  if (roundTrips(first)) return new Date(first);
  if (roundTrips(second)) return new Date(second);
  return new Date(Math.max(first, second));
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export function zoneAbbreviation(timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

export type LaunchInfo = {
  t0: string;
  local: string;
  timeZone: string;
  zoneAbbrev: string;
  utcOffset: string;
  statedText: string | null;
  /** Set when the runbook's own UTC time disagrees with the time zone's real offset. */
  discrepancy: string | null;
};

/**
 * Resolve T-0 from the time zone rules, and say so when the runbook's hand-written offset is wrong.
 * `runbookLocal` is the runbook's own T-0 when an override moved it; the discrepancy is about that one.
 */
export function describeLaunch(launch: Launch, runbookLocal: string = launch.local): LaunchInfo {
  const t0 = zonedLocalToUtc(launch.local, launch.timeZone);
  const offset = zoneOffsetMinutes(launch.timeZone, t0);
  const zoneAbbrev = zoneAbbreviation(launch.timeZone, t0);
  let discrepancy: string | null = null;
  if (launch.stated?.utc) {
    const ownT0 = zonedLocalToUtc(runbookLocal, launch.timeZone);
    const ownOffset = zoneOffsetMinutes(launch.timeZone, ownT0);
    const statedMs = Date.parse(launch.stated.utc);
    if (statedMs !== ownT0.getTime()) {
      const diffMin = Math.round((statedMs - ownT0.getTime()) / 60_000);
      discrepancy =
        `Runbook says "${launch.stated.text}" but ${launch.timeZone} is on ` +
        `${zoneAbbreviation(launch.timeZone, ownT0)} (UTC${formatOffset(ownOffset)}) on ${runbookLocal.slice(0, 10)}, ` +
        `so ${runbookLocal.slice(11, 16)} local is ${ownT0.toISOString().slice(11, 16)} UTC ` +
        `(the runbook's UTC time is ${Math.abs(diffMin)} min ${diffMin > 0 ? "late" : "early"}). ` +
        "T-0 follows the time zone.";
    }
  }
  return {
    t0: t0.toISOString(),
    local: launch.local,
    timeZone: launch.timeZone,
    zoneAbbrev,
    utcOffset: formatOffset(offset),
    statedText: launch.stated?.text ?? null,
    discrepancy,
  };
}
