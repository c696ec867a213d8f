import {
  type Derived,
  failingChecks,
  incidentStatus,
  STATUS_COLOURS,
  statusColour,
} from "@/lib/comms/board-status";
import { formatClock, formatLongDate, zoneLabel } from "@/lib/comms/format-time";
import type { CommsCheck, CommsContext } from "@/lib/model/comms";
import type { PlaceholderSource, PlaceholderSourceKind } from "@/lib/model/comms-schema";
import { formatNumber } from "@/lib/rules/levels";

type SourceOf<K extends PlaceholderSourceKind> = Extract<PlaceholderSource, { from: K }>;
type Resolver<K extends PlaceholderSourceKind> = (source: SourceOf<K>, ctx: CommsContext) => Derived;

const NO_INCIDENT = { unknown: "no active incident" } as const;
const NO_DECLARED = { unknown: "declaration time not recorded" } as const;
const ATTACHED_UNITS = new Set(["%", "ms", "s"]);

function pickChecks(ctx: CommsContext, ids: readonly string[] | undefined): CommsCheck[] {
  return (ids ?? ctx.checkOrder).map(
    (id) =>
      ctx.checks[id] ?? {
        id,
        label: id,
        level: "unknown",
        value: null,
        unit: null,
        summary: `no check "${id}" on this board`,
        stale: false,
        collectedAt: null,
      },
  );
}

function checkValue(source: SourceOf<"check">, ctx: CommsContext): Derived {
  const check = ctx.checks[source.check];
  if (!check) return { unknown: `no check "${source.check}" on this board` };
  if (check.collectedAt === null) return { unknown: "no reading yet" };
  if (check.stale) return { unknown: check.summary };
  if (check.value === null) return { unknown: `no reading — ${check.summary}` };
  if (typeof check.value === "string") return { value: check.value };
  const unit = source.unit ?? check.unit ?? "";
  const sep = /^[A-Za-z]/.test(unit) && !ATTACHED_UNITS.has(unit) ? " " : "";
  return { value: `${formatNumber(check.value)}${sep}${unit}` };
}

function instant(source: SourceOf<"time">, ctx: CommsContext): { iso: string } | { unknown: string } {
  switch (source.at) {
    case "now":
      return { iso: ctx.now };
    case "launch":
      return { iso: ctx.launchAt };
    case "next-update":
      return { iso: ctx.nextUpdateAt };
    case "incident-start":
      if (!ctx.incident) return NO_INCIDENT;
      return ctx.incident.declaredAt ? { iso: ctx.incident.declaredAt } : NO_DECLARED;
    case "incident-end":
      if (!ctx.incident) return NO_INCIDENT;
      return ctx.incident.resolvedAt
        ? { iso: ctx.incident.resolvedAt }
        : { unknown: "incident not resolved yet" };
  }
}

function timeValue(source: SourceOf<"time">, ctx: CommsContext): Derived {
  const at = instant(source, ctx);
  if ("unknown" in at) return at;
  const zone = source.zone === "utc" ? "UTC" : ctx.timeZone;
  switch (source.format) {
    case "time":
      return { value: formatClock(at.iso, zone) };
    case "time-zone":
      return { value: `${formatClock(at.iso, zone)} ${zoneLabel(at.iso, zone)}` };
    case "zone":
      return { value: zoneLabel(at.iso, zone) };
    case "date":
      return { value: formatLongDate(at.iso, zone) };
  }
}

function recorded(value: string | null | undefined, what: string): Derived {
  return value?.trim() ? { value: value.trim() } : { unknown: `${what} not recorded` };
}

/** Exhaustive: a new source kind in the schema without a resolver does not compile. */
const RESOLVERS: { [K in PlaceholderSourceKind]: Resolver<K> } = {
  check: checkValue,
  status: (s, ctx) => {
    const colour = statusColour(pickChecks(ctx, s.checks), ctx.incident);
    if ("unknown" in colour || s.style === "word") return colour;
    return { value: STATUS_COLOURS[colour.value as keyof typeof STATUS_COLOURS] };
  },
  "incident-status": (s, ctx) => incidentStatus(pickChecks(ctx, s.checks), ctx.incident),
  "failing-checks": (s, ctx) => failingChecks(pickChecks(ctx, s.checks), s.okText),
  time: timeValue,
  "incident-duration": (_s, ctx) => {
    if (!ctx.incident) return NO_INCIDENT;
    if (!ctx.incident.resolvedAt) return { unknown: "incident not resolved yet" };
    if (!ctx.incident.declaredAt) return NO_DECLARED;
    const ms = Date.parse(ctx.incident.resolvedAt) - Date.parse(ctx.incident.declaredAt);
    return { value: String(Math.max(0, Math.round(ms / 60_000))) };
  },
  incident: (s, ctx) => {
    if (!ctx.incident) return NO_INCIDENT;
    if (s.field === "severity") return { value: ctx.incident.severity };
    return recorded(ctx.incident[s.field], `incident ${s.field}`);
  },
  rollback: (s, ctx) => {
    if (!ctx.rollback) return { unknown: "no rollback decision" };
    const what =
      s.field === "by" ? "lead" : s.field === "outcome" ? "outcome (the run has not ended)" : s.field;
    return recorded(ctx.rollback[s.field], `rollback ${what}`);
  },
  manual: () => ({ unknown: "left for a person" }),
};

export function resolveSource(source: PlaceholderSource, ctx: CommsContext): Derived {
  // The mapped type guarantees RESOLVERS[k] takes the member of the union whose `from` is k.
  const resolver = RESOLVERS[source.from] as Resolver<PlaceholderSourceKind>;
  return resolver(source as never, ctx);
}
