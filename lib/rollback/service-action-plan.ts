import type { PlannedStep, RollbackPlan, RollbackTarget, ServicePlan } from "@/lib/model/rollback";
import { type ServiceAction, type ServiceStep, STACKLESS_STEPS } from "@/lib/model/service-actions-schema";
import { hashPlan, q, restartCommand, short, verifySteps, waitStep } from "@/lib/rollback/plan-steps";
import type { ProjectContainer } from "@/lib/rollback/stack-restart-plan";

/** How a container is wired, for `--scale`: replicas need no fixed host port and no fixed name. */
export type ScaleShape = { networkMode: string; hostPorts: string[]; name: string };

/** What the engine says now: the project's containers, memory where asked, shapes where a scale asks. */
export type ServiceFacts = {
  containers: ProjectContainer[];
  /** Memory in use (bytes, as `docker stats` counts it) by service; null: unreadable. */
  memory: Map<string, number | null>;
  shapes: Map<string, ScaleShape>;
  /** Which of the variables the action's requests name are set (never their values). */
  envSet?: ReadonlySet<string>;
};

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** The services a step needs to exist now. */
export function stepServices(step: ServiceStep): string[] {
  switch (step.do) {
    case "restart-highest-memory":
    case "stats":
      return step.among;
    case "verify":
    case "http":
      return [];
    default:
      return [step.service];
  }
}

/** Why a service's shape cannot run replicas (null: it could). */
export function scaleRefusal(service: string, shape: ScaleShape, project: string): string | null {
  if (shape.networkMode === "host")
    return `${service} runs on the host's network (network_mode: host): every replica would bind the same ports${shape.hostPorts.length ? "" : " it listens on"}, so a second one cannot start`;
  if (shape.hostPorts.length > 0)
    return `${service} publishes fixed host port(s) ${shape.hostPorts.join(", ")}: a second replica cannot bind them`;
  if (shape.name !== `${project}-${service}-1`)
    return `${service} has a fixed container name (${shape.name}): compose cannot scale a service with container_name`;
  return null;
}

type Built = { steps: PlannedStep[]; blocked: string | null };

function highestMemory(
  step: { among: string[] },
  facts: ServiceFacts,
): { service: string; bytes: number } | string {
  const read = step.among
    .map((service) => ({ service, bytes: facts.memory.get(service) ?? null }))
    .filter((r): r is { service: string; bytes: number } => r.bytes !== null);
  if (read.length === 0) return `no memory reading of ${step.among.join(", ")} (docker stats unreadable)`;
  return read.reduce((a, b) => (b.bytes > a.bytes ? b : a));
}

function stepsOf(target: RollbackTarget, action: ServiceAction, facts: ServiceFacts): Built {
  const project = target.project ?? "";
  const byService = new Map(facts.containers.map((c) => [c.service, c]));
  const steps: PlannedStep[] = [];
  const restart = (c: ProjectContainer, why = "") => {
    steps.push({
      name: `restart ${c.service}${why}`,
      command: restartCommand(target, c),
      kind: "restart",
      args: { container: c.container },
    });
    steps.push(waitStep(target, c.service, c.container));
  };
  for (const step of action.steps) {
    const missing = stepServices(step).filter((s) => !byService.has(s));
    if (step.do !== "restart-highest-memory" && step.do !== "stats" && missing.length > 0)
      return { steps, blocked: `${missing.join(", ")}: no such container in compose project ${project}` };
    const c =
      step.do === "verify" || !("service" in step) ? null : (byService.get(step.service) as ProjectContainer);
    switch (step.do) {
      case "restart":
        if (c) restart(c);
        break;
      case "restart-highest-memory": {
        const top = highestMemory(step, facts);
        if (typeof top === "string") return { steps, blocked: top };
        restart(byService.get(top.service) as ProjectContainer, ` (highest memory: ${mib(top.bytes)})`);
        break;
      }
      case "kill":
        if (c)
          steps.push({
            name: `kill ${c.service}`,
            command: `docker compose -p ${project} kill ${c.service}   # docker kill ${c.container}`,
            kind: "kill",
            args: { container: c.container },
          });
        break;
      case "recreate":
        if (c) {
          steps.push({
            name: `remove and recreate ${c.service} (same image, same config)`,
            command: `docker compose -p ${project} rm -f ${c.service} && docker compose -p ${project} up -d ${c.service}   # a new ${c.container} on ${short(c.image)}`,
            kind: "recreate",
            args: { container: c.container, image: c.image, imageId: c.image },
          });
          steps.push(waitStep(target, c.service, c.container));
        }
        break;
      case "exec":
        if (c)
          steps.push({
            name: step.label,
            command: `docker exec ${c.container} ${step.cmd.map(q).join(" ")}${step.runbook ? `   # runbook: ${step.runbook}` : ""}`,
            kind: "exec",
            args: {
              container: c.container,
              cmd: JSON.stringify(step.cmd),
              ...(step.expect ? { expect: step.expect } : {}),
            },
          });
        break;
      case "watch":
        if (c)
          steps.push({
            name: `${step.label} (until it falls, ≤ ${step.withinS} s)`,
            command: `watch -n 2 'docker exec ${c.container} ${step.cmd.map(q).join(" ")}'${step.runbook ? `   # runbook: ${step.runbook}` : ""}`,
            kind: "watch",
            args: { container: c.container, cmd: JSON.stringify(step.cmd), withinS: String(step.withinS) },
          });
        break;
      case "stats": {
        const present = step.among
          .filter((s) => byService.has(s))
          .map((s) => byService.get(s) as ProjectContainer);
        steps.push({
          name: "memory after (docker stats)",
          command: `docker stats --no-stream ${present.map((p) => p.container).join(" ")}`,
          kind: "stats",
          args: { containers: present.map((p) => p.container).join(",") },
        });
        break;
      }
      case "verify":
        for (const v of verifySteps(target).slice(0, 1)) {
          steps.push({
            ...v,
            name: `${v.name} (retried ≤ ${step.withinS} s)`,
            args: { ...v.args, untilMs: String(step.withinS * 1000) },
          });
        }
        break;
      case "http": {
        const request = httpStepOf(step, facts.envSet ?? new Set());
        if (typeof request === "string") return { steps, blocked: request };
        steps.push(request);
        break;
      }
      case "scale": {
        const shape = facts.shapes.get(step.service);
        const why = shape ? scaleRefusal(step.service, shape, project) : null;
        steps.push({
          name: `scale ${step.service} to ${step.replicas}`,
          command: `docker compose -p ${project} up -d --scale ${step.service}=${step.replicas}`,
          kind: "manual",
          args: {},
          warning:
            why ??
            `warroom does not create replicas: run it by hand once a load balancer sends traffic to every ${step.service}`,
        });
        return {
          steps,
          blocked: `cannot scale ${step.service} here: ${why ?? "replicas are not created by warroom"}`,
        };
      }
    }
  }
  return { steps, blocked: null };
}

type HttpStep = Extract<ServiceStep, { do: "http" }>;

/**
 * A request step as planned: the command names each header's variable, never its value; a header none of
 * whose variables is set blocks the plan.
 */
function httpStepOf(step: HttpStep, envSet: ReadonlySet<string>): PlannedStep | string {
  const headers: string[] = [];
  for (const [header, names] of Object.entries(step.headersFromEnv)) {
    const name = names.find((n) => envSet.has(n));
    if (!name) return `${header} is read from ${names.join(" or ")}, and none is set: set ${names[0]}`;
    headers.push(` -H "${header}: $${name}"`);
  }
  return {
    name: step.label,
    command: `curl -X ${step.method} ${step.url}${headers.join("")}${step.runbook ? `   # runbook: ${step.runbook}` : ""}`,
    kind: "http-call",
    args: {
      url: step.url,
      method: step.method,
      headersFromEnv: JSON.stringify(step.headersFromEnv),
      expectStatus: JSON.stringify(step.expectStatus),
      json: JSON.stringify(step.json),
    },
  };
}

/** Whether an action touches a container (and so needs the compose project to find them). */
export function needsContainers(action: ServiceAction): boolean {
  return action.steps.some((s) => !(STACKLESS_STEPS as readonly string[]).includes(s.do));
}

/** A service action of the runbook (preset data) as steps on the live project, or why it cannot run. */
export function composeServiceActionPlan(
  target: RollbackTarget,
  action: ServiceAction,
  facts: ServiceFacts,
  now: Date,
): RollbackPlan {
  const built: Built =
    target.project || !needsContainers(action)
      ? stepsOf(target, action, facts)
      : { steps: [], blocked: "the runbook's stack has no compose project to find its containers by" };
  for (const m of action.manual) {
    built.steps.push({ name: m.name, command: m.command, kind: "manual", args: {}, warning: m.warning });
  }
  const used = new Set(built.steps.map((s) => s.args.container).filter(Boolean));
  const services: ServicePlan[] = facts.containers
    .filter((c) => used.has(c.container))
    .map((c) => ({
      service: c.service,
      container: c.container,
      repo: null,
      role: "dependent",
      current: { id: c.image, tag: null, state: c.state },
      target: null,
      action: "start",
    }));
  const from = action.source ? ` (${action.source})` : "";
  return {
    kind: "service-action",
    action: action.id,
    project: target.project ?? "",
    builtAt: now.toISOString(),
    planHash: hashPlan({
      action: action.id,
      containers: services.map((s) => [s.container, s.current?.id, s.current?.state]),
      steps: built.steps.map((s) => s.command),
    }),
    confirmWords: built.blocked ? [] : [action.confirm],
    source: "none",
    sourceDetail: `${action.label}${from}${action.warning ? ` — ${action.warning}` : ""}`,
    services,
    steps: built.blocked ? built.steps.filter((s) => s.kind === "manual") : built.steps,
    blocked: built.blocked,
  };
}

/** The plan when the runbook has no service action of that id. */
export function unknownActionWhy(target: RollbackTarget, id: string | undefined): string {
  const known = (target.serviceActions ?? []).map((a) => a.id);
  return `${id ? `no service action "${id}"` : "name the service action (action=…)"}; this runbook has: ${known.join(", ") || "none"}`;
}
