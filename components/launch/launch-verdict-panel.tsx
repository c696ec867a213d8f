import type { CriterionView, LaunchVerdict } from "@/lib/model/launch-verdict";

const OUTCOME = {
  pending: { text: "LAUNCH VERDICT PENDING", cls: "border-gray-600 text-gray-200" },
  success: { text: "SUCCESSFUL LAUNCH", cls: "border-ok text-ok" },
  failed: { text: "FAILED LAUNCH — POST-MORTEM", cls: "border-crit text-crit" },
  undecided: { text: "LAUNCH NOT YET A SUCCESS", cls: "border-warn text-warn" },
} as const;

const MARK: Record<CriterionView["status"], string> = { met: "✔", unmet: "✘", pending: "…", unknown: "?" };

/** What a criterion's mark says on its side: on the failure side "met" means it happened. */
export function markOf(c: CriterionView, side: "success" | "failure"): { mark: string; bad: boolean } {
  if (side === "failure") {
    if (c.status === "met") return { mark: "✘", bad: true };
    if (c.status === "unmet") return { mark: "✔", bad: false };
  }
  return { mark: MARK[c.status], bad: c.status === "unmet" };
}

function Lines({ list, side }: { list: CriterionView[]; side: "success" | "failure" }) {
  return (
    <ul className="flex flex-col gap-1">
      {list.map((c) => {
        const { mark, bad } = markOf(c, side);
        return (
          <li key={c.id} data-status={c.status}>
            <span className={bad ? "text-crit" : mark === "✔" ? "text-ok" : "text-gray-400"}>{mark}</span>{" "}
            <span className="text-white">{c.label}</span>{" "}
            <span className="text-sm text-gray-400">— {c.why}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** Launch day §6 on the board, once launched: the verdict and every line of both definitions. */
export function LaunchVerdictPanel({ verdict }: { verdict: LaunchVerdict | undefined }) {
  if (!verdict) return null;
  const o = OUTCOME[verdict.outcome];
  return (
    <section
      className={`rounded-xl border-2 bg-panel p-4 ${o.cls}`}
      aria-label="launch verdict"
      data-testid="launch-verdict"
      data-outcome={verdict.outcome}
    >
      <h2 className="text-2xl font-bold">{o.text}</h2>
      <p className="text-gray-300">{verdict.summary}</p>
      <div className="mt-2 grid grid-cols-1 gap-3 lg:grid-cols-2">
        <div>
          <h3 className="font-bold text-white">
            Successful launch{verdict.source ? ` (${verdict.source})` : ""}
          </h3>
          <Lines list={verdict.success} side="success" />
        </div>
        <div>
          <h3 className="font-bold text-white">Failed launch if any of</h3>
          <Lines list={verdict.failure} side="failure" />
        </div>
      </div>
    </section>
  );
}
