"use client";

import { formatClock } from "@/components/format";
import type { TriggersState } from "@/lib/model/incident";

/** ROLLBACK RECOMMENDED with the rule that fired and the samples that made it fire (h4's trigger engine). */
export function RollbackRecommended({
  triggers,
  timeZone,
  large = false,
}: {
  triggers: TriggersState | undefined;
  timeZone: string;
  large?: boolean;
}) {
  const recs = triggers?.rollbackRecommended ?? [];
  if (recs.length === 0) return null;
  return (
    <section
      className="rounded-xl border-2 border-crit bg-crit/20 p-4"
      data-testid="rollback-recommended"
      aria-label="rollback recommended"
    >
      <h2 className={`font-black tracking-wide text-crit ${large ? "text-5xl" : "text-3xl"}`}>
        ROLLBACK RECOMMENDED
      </h2>
      <ul className={`mt-2 flex flex-col gap-1 ${large ? "text-2xl" : "text-lg"}`}>
        {recs.map((r) => (
          <li key={r.ruleId} className="text-white">
            <b>{r.label}</b> <span className="text-gray-300">{r.condition}</span> · fired{" "}
            {formatClock(r.firedAt, timeZone)}
            {r.source && <span className="text-gray-400"> · {r.source}</span>}
            <div className={`font-mono text-gray-300 ${large ? "text-lg" : "text-sm"}`}>
              {r.sampleCount} sample(s):{" "}
              {r.samples
                .slice(-8)
                .map((s) => (s.value === null ? s.level : String(Math.round(s.value * 100) / 100)))
                .join(" · ")}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
