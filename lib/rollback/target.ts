import { readFileSync } from "node:fs";
import {
  type ActionStack,
  DEFAULT_HEALTH_WAIT_MS,
  DOCKER_DEFAULT_STOP_TIMEOUT_S,
  type RunbookActions,
} from "@/lib/model/actions-schema";
import type { ManualAction, RollbackTarget, RunKind, ServiceTarget } from "@/lib/model/rollback";
import type { ServiceAction } from "@/lib/model/service-actions-schema";
import { defaultStackApiUrl, resolveStackPaths } from "@/lib/rollback/stack-location";

/** Bound on one Docker Engine API call (a stop gets its stop timeout on top). */
export const ENGINE_CALL_MS = 15_000;

type Env = Record<string, string | undefined>;

/** WARROOM_ROLLBACK_HEALTH_TIMEOUT_MS overrides the runbook's health-wait bound (1000–600000 ms). */
export function healthTimeoutFromEnv(env: Env, fallback: number): number {
  const raw = env.WARROOM_ROLLBACK_HEALTH_TIMEOUT_MS?.trim();
  if (!raw) return fallback;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1000 || ms > 600_000) {
    throw new Error(`WARROOM_ROLLBACK_HEALTH_TIMEOUT_MS must be an integer 1000-600000, got "${raw}"`);
  }
  return ms;
}

function recordedApiUrl(env: Env): string {
  try {
    const record = JSON.parse(readFileSync(resolveStackPaths(env).record, "utf8")) as {
      ports?: { api?: unknown };
    };
    const port = record.ports?.api;
    if (typeof port === "number" && Number.isInteger(port) && port > 0) return `http://127.0.0.1:${port}`;
  } catch {
    // no record yet: the environment's ports
  }
  return defaultStackApiUrl(env);
}

/** The stack's services, primary first; a container without a name gets the one compose gives it. */
function serviceTargets(stack: ActionStack): ServiceTarget[] {
  const services = stack.services.map(
    (s): ServiceTarget => ({
      service: s.service,
      container: s.container ?? `${stack.project}-${s.service}-1`,
      repo: s.repo ?? null,
      role: s.role,
      optional: s.optional,
      stateKey: s.stateKey ?? null,
    }),
  );
  return [...services.filter((s) => s.role === "primary"), ...services.filter((s) => s.role !== "primary")];
}

/** The target of service actions that only send requests: no containers, no rollback, nothing to verify. */
function stacklessTarget(serviceActions: ServiceAction[]): RollbackTarget {
  return {
    project: null,
    services: [],
    rollbackStatePath: "",
    apiUrl: "",
    healthTimeoutMs: DEFAULT_HEALTH_WAIT_MS,
    stopTimeoutS: DOCKER_DEFAULT_STOP_TIMEOUT_S,
    engineCallMs: ENGINE_CALL_MS,
    verify: [],
    manual: [],
    serviceActions,
  };
}

export type ResolvedActions = {
  /** Where the Docker actions act; null when the runbook names no stack. */
  target: RollbackTarget | null;
  /** Actions the runbook describes as manual steps (never run by warroom). */
  manual: Partial<Record<RunKind, ManualAction>>;
  /** Actions the runbook does not describe at all. */
  missing: RunKind[];
};

/**
 * The rollback target from the runbook's actions. The environment still overrides where it always did:
 * WARROOM_ROLLBACK_API_URL (the API the verification requests go to) and WARROOM_ROLLBACK_HEALTH_TIMEOUT_MS.
 * Without a base URL in the runbook, the API of the stack as last brought up (its stack.json).
 */
export function resolveActions(actions: RunbookActions | undefined, env: Env = process.env): ResolvedActions {
  const stack = actions?.stack;
  const manual: ResolvedActions["manual"] = {};
  const missing: RunKind[] = [];
  const byKind = {
    rollback: actions?.rollback,
    "restart-api": actions?.restart,
    "disk-cleanup": actions?.cleanup,
    "restart-stack": actions?.restartStack,
    "stop-ingestion": actions?.ingestion,
    "resume-ingestion": actions?.ingestion,
    // Each service action is docker (preset data); none at all is "not described".
    "service-action": actions?.services?.length ? ({ kind: "docker" } as const) : undefined,
    backup: actions?.backup,
    "pause-us": actions?.usTraffic,
    "resume-us": actions?.usTraffic,
  } as const;
  for (const [kind, action] of Object.entries(byKind) as [RunKind, (typeof byKind)[RunKind]][]) {
    if (!action) missing.push(kind);
    else if (action.kind === "manual") manual[kind] = action;
  }
  if (!stack) {
    // Requests only (no container to find): a target with no stack, for the service actions alone.
    const requests = actions?.services?.length ? actions.services : null;
    return { target: requests ? stacklessTarget(requests) : null, manual, missing };
  }
  const target: RollbackTarget = {
    project: stack.project ?? null,
    services: serviceTargets(stack),
    rollbackStatePath: stack.stateFile ?? "",
    apiUrl: (env.WARROOM_ROLLBACK_API_URL?.trim() || stack.baseUrl || recordedApiUrl(env)).replace(/\/$/, ""),
    healthTimeoutMs: healthTimeoutFromEnv(env, stack.healthWaitMs),
    stopTimeoutS: stack.stopTimeoutS,
    engineCallMs: ENGINE_CALL_MS,
    verify: stack.verify,
    manual: actions?.rollback.kind === "docker" ? actions.rollback.manual : [],
  };
  const cleanup = actions?.cleanup;
  if (cleanup?.kind === "docker") {
    target.cleanup = {
      ...(cleanup.source ? { source: cleanup.source } : {}),
      ownerDomain: cleanup.ownerDomain ?? null,
      onlyLabel: cleanup.onlyLabel ?? null,
      manual: cleanup.manual,
      files: cleanup.files ?? [],
      deleteOld: cleanup.deleteOld,
    };
  }
  const restartStack = actions?.restartStack;
  if (restartStack?.kind === "docker") {
    target.restartStack = {
      ...(restartStack.source ? { source: restartStack.source } : {}),
      tiers: restartStack.tiers,
    };
  }
  const backup = actions?.backup;
  if (backup?.kind === "docker") {
    target.backup = {
      ...(backup.source ? { source: backup.source } : {}),
      service: backup.service,
      container: backup.container ?? `${stack.project ?? ""}-${backup.service}-1`,
      command: backup.command,
      dir: backup.dir ?? null,
    };
  }
  const us = actions?.usTraffic;
  if (us?.kind === "docker") {
    target.usTraffic = {
      ...(us.source ? { source: us.source } : {}),
      service: us.service,
      container: us.container ?? `${stack.project ?? ""}-${us.service}-1`,
      pause: us.pause,
      resume: us.resume,
      verifyPaused: us.verifyPaused,
      verifyResumed: us.verifyResumed,
    };
  }
  const ingestion = actions?.ingestion;
  if (ingestion?.kind === "docker") {
    target.ingestion = {
      ...(ingestion.source ? { source: ingestion.source } : {}),
      services: ingestion.services,
      verifyCheck: ingestion.verifyCheck ?? null,
    };
  }
  if (actions?.services?.length) target.serviceActions = actions.services;
  return { target, manual, missing };
}
