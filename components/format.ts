import { formatNumber } from "@/lib/rules/levels";

/** Value with its unit, as a war room reads it: 1,342,817 · 182 ms · 2.4 s · 0.42% · 89 d. */
export function formatValue(value: number | string | null, unit: string | null): string {
  if (value === null) return "—";
  if (typeof value === "string") return value;
  switch (unit) {
    case "ms":
      return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
    case "%":
      return `${formatNumber(value)}%`;
    case "days":
    case "d":
      return `${Math.floor(value)} d`;
    case "":
    case null:
      return Number.isInteger(value) ? value.toLocaleString("en-US") : formatNumber(value);
    default:
      return `${formatNumber(value)} ${unit}`;
  }
}

export const LEVEL_LABEL = { ok: "OK", warn: "WARN", crit: "CRIT", unknown: "UNKNOWN" } as const;

export const LEVEL_CLASSES = {
  ok: { border: "border-ok/60", text: "text-ok", bg: "bg-ok", soft: "bg-ok/10" },
  warn: { border: "border-warn", text: "text-warn", bg: "bg-warn", soft: "bg-warn/15" },
  crit: { border: "border-crit", text: "text-crit", bg: "bg-crit", soft: "bg-crit/20" },
  unknown: { border: "border-unknown/60", text: "text-unknown", bg: "bg-unknown", soft: "bg-unknown/10" },
} as const;

export function formatClock(iso: string | number, timeZone: string, withSeconds = true): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: withSeconds ? "2-digit" : undefined,
    hourCycle: "h23",
  }).format(new Date(iso));
}
