import type Docker from "dockerode";
import type { PlannedStep, RollbackPlan, RollbackTarget, ServicePlan } from "@/lib/model/rollback";
import { hashPlan, restartCommand, verifySteps, waitStep } from "@/lib/rollback/plan-steps";

export const RESTART_STACK_WORD = "RESTART STACK";

/** A container of the compose project, any state. */
export type ProjectContainer = { service: string; container: string; image: string; state: string };

/** Every container of the project (compose's labels), stopped ones included: `up -d` would start them too. */
export async function listProjectContainers(docker: Docker, project: string): Promise<ProjectContainer[]> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  return list
    .map((c) => ({
      service: c.Labels?.["com.docker.compose.service"] ?? (c.Names?.[0] ?? c.Id).replace(/^\//, ""),
      container: (c.Names?.[0] ?? c.Id).replace(/^\//, ""),
      image: c.ImageID,
      state: c.State,
    }))
    .sort((a, b) => a.container.localeCompare(b.container));
}

/**
 * The runbooks' last resort ("docker compose up -d", "./deploy.sh restart"): every container of the
 * project restarted, the runbook's tiers in order — a tier's containers together, each waited healthy
 * before the next tier — then the project's other services; the verification requests run once the
 * primary's tier is healthy. No image changes and nothing is removed.
 */
export function composeStackRestartPlan(
  target: RollbackTarget,
  containers: ProjectContainer[],
  now: Date,
): RollbackPlan {
  const tiersWanted = target.restartStack?.tiers ?? [];
  const byService = new Map(containers.map((c) => [c.service, c]));
  const listed = new Set(tiersWanted.flat());
  const rest = containers.filter((c) => !listed.has(c.service)).map((c) => c.service);
  const tiers = [...tiersWanted, ...(rest.length ? [rest] : [])];
  const primary = target.services[0];
  const services: ServicePlan[] = tiers.flat().map((service) => {
    const c = byService.get(service);
    return {
      service,
      container: c?.container ?? `${target.project}-${service}-1`,
      repo: null,
      role: service === primary?.service ? "primary" : "dependent",
      current: c ? { id: c.image, tag: null, state: c.state } : null,
      target: null,
      action: "start",
      ...(c
        ? {}
        : { skipped: `the runbook's restart order names ${service}; this project has no such container` }),
    };
  });
  const steps: PlannedStep[] = [];
  for (const tier of tiers) {
    const present = tier.map((s) => byService.get(s)).filter((c): c is ProjectContainer => !!c);
    present.forEach((c, i) => {
      steps.push({
        name: `restart ${c.service}`,
        command: restartCommand(target, c),
        kind: "restart",
        args: { container: c.container },
        ...(i > 0 ? { parallel: true } : {}),
      });
    });
    for (const c of present) steps.push(waitStep(target, c.service, c.container));
    if (primary && present.some((c) => c.service === primary.service)) steps.push(...verifySteps(target));
  }
  const blocked = !target.project
    ? "the runbook's stack has no compose project to find its containers by"
    : containers.length === 0
      ? `no container of compose project ${target.project} exists`
      : primary && !byService.has(primary.service)
        ? `${primary.container} (the primary) does not exist: nothing to verify the restart against`
        : null;
  const source = target.restartStack?.source;
  return {
    kind: "restart-stack",
    project: target.project ?? "",
    builtAt: now.toISOString(),
    planHash: hashPlan({
      containers: containers.map((c) => [c.container, c.image]),
      steps: steps.map((s) => s.command),
    }),
    confirmWords: [RESTART_STACK_WORD],
    source: "none",
    sourceDetail: `every container of ${target.project ?? "the project"}, same images${source ? ` (${source})` : ""}`,
    services,
    steps: blocked ? [] : steps,
    blocked,
  };
}
