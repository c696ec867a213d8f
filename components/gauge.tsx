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

function GaugeBar({ t, max, value }: { t: Threshold; max: number; value: number | null }) {
  const pct = (x: number) => `${Math.min(100, Math.max(0, (x / max) * 100))}%`;
  return (
    <div className="relative mt-1 h-4 overflow-hidden rounded bg-gray-800">
      {gaugeBands(t, max).map((b) => (
        <div
          key={b.level}
          className={`absolute top-0 h-full ${LEVEL_CLASSES[b.level].bg} opacity-35`}
          style={{ left: pct(b.from), width: `calc(${pct(b.to)} - ${pct(b.from)})` }}
        />
      ))}
      {value !== null && (
        <div className="absolute top-0 h-full w-1.5 -translate-x-1/2 bg-white" style={{ left: pct(value) }} />
      )}
    </div>
  );
}

/**
 * A threshold gauge. `large` is the kiosk's: the value on a line of its own in big type, the limits and
 * the level (in words, not only colour) below it, nothing smaller than the screen's base size.
 */
export function Gauge({
  label,
  check,
  large = false,
}: {
  label: string;
  check: CheckState;
  large?: boolean;
}) {
  const t = check.thresholds;
  if (!t) return null;
  const value = check.gauge?.value ?? null;
  const unit = check.gauge?.unit ?? check.unit;
  const max = scaleMax(t, value, unit);
  const op = t.direction === "above" ? ">" : "<";
  const c = LEVEL_CLASSES[check.level];
  const warn = t.warn !== undefined ? `warn ${op} ${formatValue(t.warn, unit)}` : null;
  const crit = t.crit !== undefined ? `crit ${op} ${formatValue(t.crit, unit)}` : null;
  // Anything not green says why; the runbook source is then in the tooltip.
  const why = check.level === "ok" ? t.source : check.summary;
  const title = check.level === "ok" ? t.source : `${check.summary}${t.source ? ` (${t.source})` : ""}`;
  if (large) {
    return (
      <div
        data-testid={`gauge-${check.id}`}
        data-level={check.level}
        className={`min-w-0 rounded-xl border-2 ${c.border} bg-panel px-3 py-2`}
      >
        <div className="line-clamp-2 min-h-[2lh] text-lg leading-tight font-semibold" title={label}>
          {label}
        </div>
        <div data-testid="gauge-value" className={`truncate text-4xl font-bold leading-tight ${c.text}`}>
          {formatValue(value, unit)}
        </div>
        <GaugeBar t={t} max={max} value={value} />
        <div className="mt-1 text-base leading-snug text-gray-300">
          {warn && <div className="truncate">{warn}</div>}
          {crit && <div className="truncate">{crit}</div>}
        </div>
        <div data-testid={`gauge-${check.id}-why`} className="truncate text-base" title={title}>
          <b className={c.text}>{LEVEL_LABEL[check.level]}</b>
          <span className={check.level === "ok" ? "text-gray-400" : "text-gray-100"}> · {why}</span>
        </div>
      </div>
    );
  }
  return (
    <div data-testid={`gauge-${check.id}`} data-level={check.level} className="rounded-xl bg-panel px-4 py-2">
      <div className="flex items-baseline justify-between gap-2">
        <span className="min-w-0 truncate text-lg font-semibold" title={label}>
          {label}
        </span>
        <span className={`shrink-0 text-2xl font-bold ${c.text}`}>
          {value === null ? LEVEL_LABEL[check.level] : formatValue(value, unit)}
        </span>
      </div>
      <GaugeBar t={t} max={max} value={value} />
      <div className="mt-1 flex justify-between text-sm text-gray-400">
        <span className="whitespace-nowrap">{[warn, crit].filter(Boolean).join(" · ")}</span>
        <span
          data-testid={`gauge-${check.id}-why`}
          className={`truncate pl-2 ${check.level === "ok" ? "" : c.text}`}
          title={title}
        >
          {why}
        </span>
      </div>
    </div>
  );
}
