import { formatValue, LEVEL_CLASSES } from "@/components/format";
import { severityName } from "@/components/incidents/incident-panel";
import type { CheckState } from "@/lib/model/board";
import type { IncidentsState } from "@/lib/model/incident";

/**
 * The severity the runbook's own tree suggests and why: the branch it took, the readings that detected it,
 * or — when nothing matched — the branches it passed. `large` for the TV.
 */
export function SuggestionPanel({
  incidents,
  checks,
  large = false,
}: {
  incidents: IncidentsState | undefined;
  checks: readonly CheckState[];
  large?: boolean;
}) {
  if (!incidents) return null;
  const s = incidents.suggestion;
  // The tree's scenario explains the suggestion only when no severity rule of the runbook raised it further.
  const scenario = s.scenario && s.scenario.severity === s.severity ? s.scenario : null;
  const byId = new Map(checks.map((c) => [c.id, c]));
  const readings = (scenario?.checks ?? []).map((id) => byId.get(id)).filter((c) => c !== undefined);
  const head = large ? "text-3xl" : "text-xl";
  const body = large ? "text-xl" : "text-sm";
  return (
    <section
      aria-label="suggested severity"
      className={`flex min-h-0 flex-col overflow-hidden rounded-xl border-2 bg-panel ${large ? "p-3" : "p-4"} ${
        s.severity ? "border-warn" : "border-panel"
      }`}
      data-testid="severity-suggestion"
      data-severity={s.severity ?? "none"}
    >
      <h2 className={`shrink-0 font-bold ${head} ${large ? "truncate" : ""}`}>
        Runbook suggests{" "}
        <span className={s.severity ? "text-warn" : "text-ok"}>
          {s.severity ? severityName(s.severity, incidents.scale) : "no incident"}
        </span>
        {scenario && <span className="text-white"> — {scenario.label}</span>}
      </h2>
      {scenario ? (
        // Whole readings only on the TV: one that does not fit wraps into a clipped second column.
        <ul
          className={`mt-1 flex flex-col gap-1 ${body} ${large ? "min-h-0 flex-wrap content-start overflow-hidden *:w-full" : ""}`}
          data-testid="scenario-readings"
        >
          {readings.map((c) => (
            <li key={c.id} className="truncate" data-testid={`scenario-reading-${c.id}`} data-level={c.level}>
              <b className={LEVEL_CLASSES[c.level].text}>{formatValue(c.value, c.unit)}</b> {c.label}
              <span className="pl-2 text-gray-300">{c.summary}</span>
            </li>
          ))}
          <li className={`text-gray-400 ${large ? "text-lg" : "text-xs"}`}>{scenario.source}</li>
        </ul>
      ) : (
        <ul className={`mt-1 flex flex-col gap-0.5 text-gray-300 ${body}`} data-testid="tree-path">
          {s.path.slice(-6).map((line) => (
            <li key={line} className="truncate">
              {line}
            </li>
          ))}
        </ul>
      )}
      {s.unknown.length > 0 && (
        <p className={`truncate text-unknown ${body}`}>cannot read: {s.unknown.join(", ")}</p>
      )}
    </section>
  );
}

/** What the runbook says to do in the matched scenario, in its order. Nothing when no scenario matched. */
export function NextStepsPanel({
  incidents,
  large = false,
}: {
  incidents: IncidentsState | undefined;
  large?: boolean;
}) {
  const scenario = incidents?.suggestion.scenario ?? null;
  if (!scenario || (scenario.steps.length === 0 && !scenario.action)) return null;
  return (
    <section
      aria-label="next steps"
      className={`flex min-h-0 flex-col overflow-hidden rounded-xl bg-panel ${large ? "p-3" : "p-4"}`}
      data-testid="next-steps"
      data-scenario={scenario.id}
    >
      <h2 className={`shrink-0 truncate font-bold ${large ? "text-3xl" : "text-xl"}`}>
        Next steps{scenario.action && <span className="text-gray-300"> · {scenario.action}</span>}
      </h2>
      {/* Whole steps only: one that does not fit wraps into a clipped second column, never cut in half. */}
      <ol
        className={`mt-1 flex min-h-0 flex-1 flex-col flex-wrap content-start gap-1 overflow-hidden ${
          large ? "text-xl" : "text-sm"
        }`}
      >
        {scenario.steps.map((step, i) => (
          <li key={step} className={`grid w-full grid-cols-[2rem_1fr] ${large ? "*:line-clamp-2" : ""}`}>
            <span className="text-gray-400">{i + 1}.</span>
            <span>{step}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
