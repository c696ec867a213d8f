import type {
  ManualAction,
  PlannedStep,
  RollbackPlan,
  RollbackTarget,
  RunKind,
  ServicePlan,
  ServiceTarget,
} from "@/lib/model/rollback";
import type { PlanFacts } from "@/lib/rollback/compose-plan";
import { hashPlan, restartCommand, verifySteps, waitStep } from "@/lib/rollback/plan-steps";

export const RESTART_WORD = "RESTART";

/** The runbooks' safe action: restart only the primary container, wait for health, the first verification. */
export function composeRestartPlan(target: RollbackTarget, facts: PlanFacts): RollbackPlan {
  const svc = target.services[0] as ServiceTarget;
  const f = facts.services[0];
  const current = f?.container ? { id: f.container.image, tag: null, state: f.container.state } : null;
  const services: ServicePlan[] = [
    {
      service: svc.service,
      container: svc.container,
      repo: svc.repo,
      role: "primary",
      current,
      target: null,
      action: "start",
    },
  ];
  const steps: PlannedStep[] = current
    ? [
        {
          name: `restart ${svc.service}`,
          command: restartCommand(target, svc),
          kind: "restart",
          args: { container: svc.container },
        },
        waitStep(target, svc.service, svc.container),
        ...verifySteps(target).slice(0, 1),
      ]
    : [];
  return {
    kind: "restart-api",
    project: target.project ?? "",
    builtAt: facts.now.toISOString(),
    planHash: hashPlan({ images: [svc.container, current?.id ?? null], steps: steps.map((s) => s.command) }),
    confirmWords: [RESTART_WORD],
    source: "none",
    sourceDetail: "same image, same container",
    services,
    steps,
    blocked: current ? null : `${svc.container} does not exist`,
  };
}

/**
 * An action the runbook gives as commands warroom does not run (a Railway redeploy, `git checkout`): the
 * plan lists each with its exact command and cannot be started.
 */
export function composeManualPlan(kind: RunKind, action: ManualAction, now: Date): RollbackPlan {
  const from = action.source ? ` (${action.source})` : "";
  return {
    kind,
    project: "",
    builtAt: now.toISOString(),
    planHash: hashPlan(action.steps.map((s) => s.command)),
    confirmWords: [],
    source: "manual",
    sourceDetail: `manual steps${from}`,
    services: [],
    steps: action.steps.map((s) => ({
      name: s.name,
      command: s.command,
      kind: "manual",
      args: {},
      ...(s.warning ? { warning: s.warning } : {}),
    })),
    blocked: `a manual action${from}: warroom does not run it — run these commands by hand`,
  };
}

/** The plan when the runbook describes no such action at all. */
export function composeMissingPlan(kind: RunKind, why: string, now: Date): RollbackPlan {
  return {
    kind,
    project: "",
    builtAt: now.toISOString(),
    planHash: hashPlan([kind, "missing"]),
    confirmWords: [],
    source: "none",
    sourceDetail: why,
    services: [],
    steps: [],
    blocked: why,
  };
}
