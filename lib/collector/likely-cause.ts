import "server-only";
import type { CheckState } from "@/lib/model/board";
import type { DeployWatchBoard } from "@/lib/model/deploy-watch";
import type { ActiveIncidentView } from "@/lib/model/incident";
import type { Runbook } from "@/lib/model/runbook-schema";
import { restartNearOnset } from "@/lib/rules/restart-near-onset";

/** The actions' primary container (the API), as compose names it unless the runbook names it. */
function primaryContainer(runbook: Runbook): string | null {
  const stack = runbook.actions?.stack;
  const primary = stack?.services.find((s) => s.role === "primary");
  if (!stack || !primary) return null;
  return primary.container ?? (stack.project ? `${stack.project}-${primary.service}-1` : null);
}

/** The incident's onset: its first rule firing on the timeline, else its declaration. */
function onsetMs(active: ActiveIncidentView): number {
  const declared = Date.parse(active.declaredAt);
  const fired = active.timeline.filter((e) => e.kind === "rule-fired").map((e) => Date.parse(e.at));
  return Math.min(declared, ...fired.filter(Number.isFinite));
}

/**
 * The runbook's likely-cause rule (BuyWhere incident §2.6) for the active incident: the primary's last start (its container check's evidence) and
 * the newest deploy the watch recorded, against the incident's onset.
 */
export function likelyCauseOf(
  runbook: Runbook,
  active: ActiveIncidentView | null,
  checks: readonly CheckState[],
  deploys: DeployWatchBoard | undefined,
): string | null {
  const container = primaryContainer(runbook);
  if (!active || !container || !runbook.likelyCause) return null;
  const check = checks.find(
    (c) =>
      c.kind === "docker-container" && String(c.evidence.container ?? "").replace(/^\//, "") === container,
  );
  const started =
    typeof check?.evidence.startedAt === "string" ? Date.parse(check.evidence.startedAt) : Number.NaN;
  const latest = deploys?.latest?.kind === "deploy" ? deploys.latest : null;
  return restartNearOnset({
    onsetMs: onsetMs(active),
    container,
    startedAtMs: Number.isFinite(started) ? started : null,
    image: typeof check?.evidence.image === "string" ? check.evidence.image : null,
    deploy: latest ? { atMs: Date.parse(latest.at), tag: latest.to.tag } : null,
    source: runbook.likelyCause.source,
  });
}
