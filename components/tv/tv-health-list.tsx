import { formatValue, LEVEL_CLASSES, LEVEL_LABEL } from "@/components/format";
import { CLIP_WHOLE_ROWS } from "@/components/tv/tv-panels";
import type { CheckState } from "@/lib/model/board";

const ORDER = { crit: 0, warn: 1, unknown: 2, ok: 3 } as const;

/** The checks that are not ok, worst first, each with its why. Nothing when every check is ok. */
export function TvHealthList({ checks }: { checks: readonly CheckState[] }) {
  const bad = checks.filter((c) => c.level !== "ok").sort((a, b) => ORDER[a.level] - ORDER[b.level]);
  if (bad.length === 0) return null;
  return (
    <section
      aria-label="not healthy"
      className="flex max-h-full min-h-0 flex-col rounded-xl bg-panel p-3"
      data-testid="health-list"
    >
      <h2 className="text-3xl font-bold">
        Not ok{" "}
        <span className="text-xl font-normal text-gray-300">
          {bad.length} of {checks.length} checks
        </span>
      </h2>
      <ul className={`mt-1 gap-1 text-xl ${CLIP_WHOLE_ROWS}`}>
        {bad.map((c) => (
          <li key={c.id} className="w-full truncate" data-testid={`health-${c.id}`} data-level={c.level}>
            <b className={LEVEL_CLASSES[c.level].text}>{LEVEL_LABEL[c.level]}</b> {c.label}{" "}
            {c.value !== null && <b>{formatValue(c.value, c.unit)}</b>}
            <span className="pl-2 text-gray-300">{c.summary}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
