"use client";

import { formatClock, LEVEL_CLASSES, LEVEL_LABEL } from "@/components/format";
import { Samples } from "@/components/incidents/samples";
import type { TriggersState } from "@/lib/model/incident";

const ORDER = { crit: 0, warn: 1, unknown: 2, ok: 3 } as const;

/** Rules over time: which fired, on which readings, and which are building up. */
export function TriggersPanel({
  triggers,
  timeZone,
}: {
  triggers: TriggersState | undefined;
  timeZone: string;
}) {
  if (!triggers || triggers.rules.length === 0) return null;
  const rules = [...triggers.rules].sort((a, b) => ORDER[a.level] - ORDER[b.level]);
  return (
    <section className="rounded-xl bg-panel p-4" aria-label="rules over time" data-testid="triggers-panel">
      <h2 className="mb-2 text-xl font-bold">
        Rules over time
        {!triggers.loaded && <span className="pl-2 text-base text-unknown">reading stored windows…</span>}
        {!triggers.afterLaunch && (
          <span className="pl-2 text-sm font-normal text-gray-400">
            rollback triggers recommend only after GO + T-0
          </span>
        )}
      </h2>
      {triggers.error && <p className="text-warn">{triggers.error}</p>}
      <ul className="flex flex-col gap-2">
        {rules.map((r) => (
          <li
            key={r.id}
            data-testid={`trigger-${r.id}`}
            data-level={r.level}
            className={`rounded-lg border-l-4 px-3 py-1 ${LEVEL_CLASSES[r.level].border}`}
          >
            <div className="flex flex-wrap items-baseline gap-2">
              <span className={`font-bold ${LEVEL_CLASSES[r.level].text}`}>{LEVEL_LABEL[r.level]}</span>
              <b>{r.label}</b>
              {r.rollback && <span className="rounded bg-crit/30 px-1 text-xs">rollback trigger</span>}
              <span className="text-sm text-gray-400">
                {r.check} ·{" "}
                {[
                  r.condition.warn && `warn ${r.condition.warn}`,
                  r.condition.crit && `crit ${r.condition.crit}`,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
            </div>
            <div className="text-sm">
              {r.reason}
              {r.breachingSince && !r.firedAt && (
                <span className="text-warn">
                  {" "}
                  · breaching since {formatClock(r.breachingSince, timeZone)}
                </span>
              )}
            </div>
            {r.firedAt && <Samples samples={r.samples} total={r.sampleCount} timeZone={timeZone} />}
            {r.source && <div className="text-xs text-gray-500">{r.source}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}
