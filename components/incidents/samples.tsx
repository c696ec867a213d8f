"use client";

import { formatClock } from "@/components/format";
import type { SampleView } from "@/lib/model/incident";

/** The readings that made a rule fire: a small line and the first/last values with their times. */
export function Samples({
  samples,
  total,
  timeZone,
}: {
  samples: SampleView[];
  total: number;
  timeZone: string;
}) {
  const values = samples.map((s) => s.value);
  const numbers = values.filter((v): v is number => v !== null);
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return null;
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const span = max - min || 1;
  const points = numbers.length
    ? samples
        .map((s, i) =>
          s.value === null
            ? null
            : `${(i / Math.max(1, samples.length - 1)) * 120},${22 - ((s.value - min) / span) * 20}`,
        )
        .filter(Boolean)
        .join(" ")
    : "";
  const show = (v: number | null, level: string) => (v === null ? level : Number(v.toFixed(2)).toString());
  return (
    <div className="flex items-center gap-3 text-sm" data-testid="trigger-samples">
      {points && (
        <svg width="124" height="24" viewBox="-2 0 124 24" aria-hidden="true">
          <polyline points={points} fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      )}
      <span className="font-mono">
        {total} reading{total === 1 ? "" : "s"}: {formatClock(first.at, timeZone)}{" "}
        {show(first.value, first.level)}
        {" … "}
        {formatClock(last.at, timeZone)} {show(last.value, last.level)}
        {numbers.length > 1 && ` (min ${Number(min.toFixed(2))}, max ${Number(max.toFixed(2))})`}
      </span>
    </div>
  );
}
