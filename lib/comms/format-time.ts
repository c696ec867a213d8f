import { zoneAbbreviation } from "@/lib/model/launch-time";

/** "09:15" in the zone, 24-hour clock. */
export function formatClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
}

/** "April 23, 2026", the runbooks' own way of writing a date. */
export function formatLongDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    month: "long",
    day: "numeric",
    year: "numeric",
  }).format(new Date(iso));
}

/** The zone's abbreviation at that instant: EDT on 23 April in New York, EST in January, UTC for UTC. */
export function zoneLabel(iso: string, timeZone: string): string {
  return timeZone === "UTC" ? "UTC" : zoneAbbreviation(timeZone, new Date(iso));
}
