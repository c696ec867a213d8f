import { LEVEL_CLASSES } from "@/components/format";
import { CLIP_WHOLE_ROWS } from "@/components/tv/tv-panels";
import type { CheckState } from "@/lib/model/board";
import type { DeployStepView } from "@/lib/model/deploy-watch";
import type { Level } from "@/lib/model/runbook-schema";

const RANK: Record<Level, number> = { crit: 0, unknown: 1, warn: 2, ok: 3 };
const MARK: Record<Level, string> = { ok: "✔", warn: "!", crit: "✘", unknown: "?" };

/** The deploy runbook's sequence; a step that live checks can confirm shows their worst level. */
export function DeploySteps({ steps, checks }: { steps: DeployStepView[]; checks: readonly CheckState[] }) {
  const byId = new Map(checks.map((c) => [c.id, c]));
  return (
    <section
      aria-label="deploy steps"
      className="flex max-h-full min-h-0 flex-col rounded-xl bg-panel p-3"
      data-testid="deploy-steps"
    >
      <h2 className="text-3xl font-bold">Deploy runbook</h2>
      <ol className={`mt-1 gap-1 text-xl ${CLIP_WHOLE_ROWS}`}>
        {steps.map((s) => {
          const measured = s.checks.map((id) => byId.get(id)).filter((c) => c !== undefined);
          const worst = measured.map((c) => c.level).sort((a, b) => RANK[a] - RANK[b])[0] ?? null;
          return (
            <li
              key={s.id}
              className="w-full truncate"
              data-testid={`deploy-step-${s.id}`}
              data-level={worst ?? "manual"}
            >
              <span className={worst ? LEVEL_CLASSES[worst].text : "text-gray-400"}>
                {worst ? MARK[worst] : "○"}
              </span>{" "}
              {s.label}
              {s.source && <span className="pl-2 text-lg text-gray-400">{s.source}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
