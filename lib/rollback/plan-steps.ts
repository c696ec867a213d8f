import { createHash } from "node:crypto";
import type { PlannedImage, PlannedStep, RollbackTarget, ServicePlan } from "@/lib/model/rollback";

// The steps of a plan as a human would type them; the executor acts on kind + args.

export const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

export const displayRef = (image: PlannedImage, repo: string) =>
  image.tag ? `${repo}:${image.tag}` : short(image.id);

export const q = (s: string) => (/^[\w./:@=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function bringUpSteps(target: RollbackTarget, plan: ServicePlan, isApi: boolean): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const ref = `${plan.repo}:latest`;
  if (plan.action === "recreate" && plan.target && plan.repo) {
    steps.push({
      name: `recreate ${plan.service} on ${displayRef(plan.target, plan.repo)}`,
      command: `docker compose -p ${target.project} up -d --no-deps --force-recreate ${plan.service}   # ${plan.container} on ${ref} = ${short(plan.target.id)}, same config`,
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
  const timeoutS = Math.round(target.healthTimeoutMs / 1000);
  steps.push({
    name: `wait for ${plan.service} healthy (≤ ${timeoutS} s)`,
    command: `until [ "$(docker inspect -f '{{.State.Health.Status}}' ${plan.container})" = healthy ]; do sleep 2; done   # at most ${timeoutS} s`,
    kind: "wait-healthy",
    args: { container: plan.container },
  });
  if (isApi) steps.push(...verifySteps(target));
  return steps;
}

export function verifySteps(target: RollbackTarget): PlannedStep[] {
  const { apiUrl, verify } = target;
  return [
    {
      name: "verify: health answers 200",
      command: `curl -s -o /dev/null -w '%{http_code}' ${q(apiUrl + verify.healthPath)}`,
      kind: "verify-health",
      args: { url: apiUrl + verify.healthPath },
    },
    {
      name: "verify: search returns results",
      command: `curl -s ${q(apiUrl + verify.searchPath)}`,
      kind: "verify-search",
      args: { url: apiUrl + verify.searchPath },
    },
    {
      name: `verify: affiliate redirect tagged ${verify.affiliateTag}`,
      command: `curl -s -o /dev/null -w '%{redirect_url}' ${q(apiUrl + verify.redirectPath)}`,
      kind: "verify-redirect",
      args: { url: apiUrl + verify.redirectPath, tag: verify.affiliateTag },
    },
  ];
}

export function hashPlan(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

/** After the rollback, PREV_* point at the release rolled back from, so the state stays one step deep. */
export function writeStateStep(target: RollbackTarget, plans: ServicePlan[]): PlannedStep {
  const api = plans.find((p) => p.service === "api") ?? plans[0];
  const mcp = plans.find((p) => p.service === "mcp");
  const args = {
    path: target.rollbackStatePath,
    PREV_API_IMAGE: api?.current?.id ?? "none",
    PREV_MCP_IMAGE: mcp?.current?.id ?? "none",
    PREV_SHA: api?.current?.tag?.replace(/^sha-/, "") ?? "none",
    DEPLOY_SHA: api?.target?.tag?.replace(/^sha-/, "") ?? "none",
  };
  return {
    name: "record the new rollback state",
    command: `cat > ${q(target.rollbackStatePath)} <<EOF  # PREV_API_IMAGE=${short(args.PREV_API_IMAGE)} PREV_SHA=${args.PREV_SHA} DEPLOY_SHA=${args.DEPLOY_SHA}`,
    kind: "write-state",
    args,
  };
}
