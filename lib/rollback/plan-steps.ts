import { createHash } from "node:crypto";
import type { VerifyRequest } from "@/lib/model/actions-schema";
import type {
  PlannedImage,
  PlannedStep,
  RollbackTarget,
  ServicePlan,
  ServiceTarget,
} from "@/lib/model/rollback";

// The steps of a plan as a human would type them; the executor acts on kind + args.

/** Bytes as the plans and their steps write sizes: megabytes, one decimal. */
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

export const displayRef = (image: PlannedImage, repo: string) =>
  image.tag ? `${repo}:${image.tag}` : short(image.id);

export const q = (s: string) => (/^[\w./:@=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Docker's default stop timeout needs no -t; another one is spelled out. */
export function stopStep(target: RollbackTarget, plan: ServicePlan, parallel: boolean): PlannedStep {
  const t = target.stopTimeoutS === 10 ? "" : `-t ${target.stopTimeoutS} `;
  return {
    name: `stop ${plan.service}`,
    command: `docker stop ${t}${plan.container}`,
    kind: "stop",
    args: { container: plan.container },
    ...(parallel ? { parallel: true } : {}),
  };
}

export function restartCommand(target: RollbackTarget, svc: Pick<ServiceTarget, "service" | "container">) {
  const t = target.stopTimeoutS === 10 ? "" : `-t ${target.stopTimeoutS} `;
  return target.project
    ? `docker compose -p ${target.project} restart ${t}${svc.service}   # docker restart ${t}${svc.container}`
    : `docker restart ${t}${svc.container}`;
}

export function waitStep(target: RollbackTarget, service: string, container: string): PlannedStep {
  const timeoutS = Math.round(target.healthTimeoutMs / 1000);
  return {
    name: `wait for ${service} healthy (≤ ${timeoutS} s)`,
    command: `until [ "$(docker inspect -f '{{.State.Health.Status}}' ${container})" = healthy ]; do sleep 2; done   # at most ${timeoutS} s`,
    kind: "wait-healthy",
    args: { container },
  };
}

export function bringUpSteps(target: RollbackTarget, plan: ServicePlan, isApi: boolean): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const ref = `${plan.repo}:latest`;
  if (plan.action === "recreate" && plan.target && plan.repo) {
    const how = `${plan.container} on ${ref} = ${short(plan.target.id)}, same config and networks`;
    steps.push({
      name: `recreate ${plan.service} on ${displayRef(plan.target, plan.repo)}`,
      command: target.project
        ? `docker compose -p ${target.project} up -d --no-deps --force-recreate ${plan.service}   # ${how}`
        : `docker rename ${plan.container} … && docker create … && docker start ${plan.container}   # ${how}`,
      kind: "recreate",
      args: { container: plan.container, image: ref, imageId: plan.target.id },
    });
  } else {
    steps.push({
      name: `start ${plan.service}`,
      command: `docker start ${plan.container}`,
      kind: "start",
      args: { container: plan.container },
    });
  }
  steps.push(waitStep(target, plan.service, plan.container));
  if (isApi) steps.push(...verifySteps(target));
  return steps;
}

/** The executor's step kind for each matcher (stored runs keep these names). */
const VERIFY_KIND = {
  status: "verify-health",
  json: "verify-search",
  redirect: "verify-redirect",
} as const satisfies Record<VerifyRequest["match"], PlannedStep["kind"]>;

function curlOf(req: VerifyRequest, url: string): string {
  if (req.match === "status") return `curl -s -o /dev/null -w '%{http_code}' ${q(url)}`;
  if (req.match === "redirect") return `curl -s -o /dev/null -w '%{redirect_url}' ${q(url)}`;
  return `curl -s ${q(url)}`;
}

/** The runbook's verification requests against the API the rollback verifies; the request rides in args. */
export function verifySteps(target: RollbackTarget): PlannedStep[] {
  return target.verify.map((req) => {
    const url = target.apiUrl + req.path;
    return {
      name: `verify: ${req.label}`,
      command: curlOf(req, url),
      kind: VERIFY_KIND[req.match],
      args: { url, request: JSON.stringify(req) },
    };
  });
}

export function hashPlan(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

/**
 * After the rollback, PREV_* name the release it restored, never the one rolled back from: a second
 * rollback is then refused ("already runs …") instead of putting the bad image back.
 */
export function writeStateStep(target: RollbackTarget, plans: ServicePlan[]): PlannedStep {
  const byKey = (key: string) => target.services.find((t) => t.stateKey === key)?.container;
  const api = plans.find((p) => p.container === byKey("PREV_API_IMAGE")) ?? plans[0];
  const mcp = plans.find((p) => p.container === byKey("PREV_MCP_IMAGE"));
  const restored = (p: ServicePlan | undefined) => p?.target?.id ?? p?.current?.id ?? "none";
  const sha = api?.target?.tag?.replace(/^sha-/, "") ?? "none";
  const args = {
    path: target.rollbackStatePath,
    PREV_API_IMAGE: restored(api),
    PREV_MCP_IMAGE: restored(mcp),
    PREV_SHA: sha,
    DEPLOY_SHA: sha,
  };
  return {
    name: "record the new rollback state",
    command: `cat > ${q(target.rollbackStatePath)} <<EOF  # PREV_API_IMAGE=${short(args.PREV_API_IMAGE)} PREV_SHA=${args.PREV_SHA} DEPLOY_SHA=${args.DEPLOY_SHA}`,
    kind: "write-state",
    args,
  };
}
