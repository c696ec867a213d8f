import { formatValue, LEVEL_CLASSES, LEVEL_LABEL } from "@/components/format";
import type { CheckState } from "@/lib/model/board";
import type { Threshold } from "@/lib/model/runbook-schema";

/** Scale end: room past the critical level so a breach is visibly past the line. */
function scaleMax(t: Threshold, value: number | null, unit: string | null): number {
  // A percentage has a natural end; "twice the limit" would draw 100 % at half the bar.
  if (unit === "%") return Math.max(100, value ?? 0);
  const limits = [t.warn, t.crit].filter((x): x is number => x !== undefined);
  const top = Math.max(...limits);
  const max = t.direction === "above" ? top * 1.5 : top * 2;
  return Math.max(max, value ?? 0, 1);
}

type Band = { from: number; to: number; level: "ok" | "warn" | "crit" };

export function gaugeBands(t: Threshold, max: number): Band[] {
  const { warn, crit } = t;
  if (t.direction === "above") {
    const w = warn ?? crit ?? max;
    const c = crit ?? max;
    return [
      { from: 0, to: w, level: "ok" as const },
      { from: w, to: c, level: "warn" as const },
      { from: c, to: max, level: "crit" as const },
    ].filter((b) => b.to > b.from);
  }
  const c = crit ?? 0;
  const w = warn ?? c;
  return [
    { from: 0, to: c, level: "crit" as const },
    { from: c, to: w, level: "warn" as const },
    { from: w, to: max, level: "ok" as const },
  ].filter((b) => b.to > b.from);
}

export function Gauge({ label, check }: { label: string; check: CheckState }) {
  const t = check.thresholds;
  if (!t) return null;
  const value = check.gauge?.value ?? null;
  const unit = check.gauge?.unit ?? check.unit;
  const max = scaleMax(t, value, unit);
  const pct = (x: number) => `${Math.min(100, Math.max(0, (x / max) * 100))}%`;
  const op = t.direction === "above" ? ">" : "<";
  const c = LEVEL_CLASSES[check.level];
  return (
    <div data-testid={`gauge-${check.id}`} data-level={check.level} className="rounded-xl bg-panel px-4 py-2">
      <div className="flex items-baseline justify-between">
        <span className="text-lg font-semibold">{label}</span>
        <span className={`text-2xl font-bold ${c.text}`}>
          {value === null ? LEVEL_LABEL[check.level] : formatValue(value, unit)}
        </span>
      </div>
      <div className="relative mt-1 h-4 overflow-hidden rounded bg-gray-800">
        {gaugeBands(t, max).map((b) => (
          <div
            key={b.level}
            className={`absolute top-0 h-full ${LEVEL_CLASSES[b.level].bg} opacity-35`}
            style={{ left: pct(b.from), width: `calc(${pct(b.to)} - ${pct(b.from)})` }}
          />
        ))}
        {value !== null && (
          <div
            className="absolute top-0 h-full w-1.5 -translate-x-1/2 bg-white"
            style={{ left: pct(value) }}
          />
        )}
      </div>
      <div className="mt-1 flex justify-between text-sm text-gray-400">
        <span className="whitespace-nowrap">
          {t.warn !== undefined && `warn ${op} ${formatValue(t.warn, unit)}`}
          {t.warn !== undefined && t.crit !== undefined && " · "}
          {t.crit !== undefined && `crit ${op} ${formatValue(t.crit, unit)}`}
        </span>
        {/* Anything not green says why here; the runbook source is then in the tooltip. */}
        <span
          data-testid={`gauge-${check.id}-why`}
          className={`truncate pl-2 ${check.level === "ok" ? "" : c.text}`}
          title={check.level === "ok" ? t.source : `${check.summary}${t.source ? ` (${t.source})` : ""}`}
        >
          {check.level === "ok" ? t.source : check.summary}
        </span>
      </div>
    </div>
  );
}
