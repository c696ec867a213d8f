import type {
  PlannedImage,
  PlannedStep,
  RollbackPlan,
  RollbackTarget,
  ServicePlan,
  ServiceTarget,
} from "@/lib/model/rollback";
import {
  bringUpSteps,
  displayRef,
  hashPlan,
  short,
  stopStep,
  verifySteps,
  writeStateStep,
} from "@/lib/rollback/plan-steps";
import type { RollbackState } from "@/lib/rollback/rollback-state";

export { composeManualPlan, composeRestartPlan, RESTART_WORD } from "@/lib/rollback/restart-plan";
export { verifySteps };

/** An image the engine has, with every tag it carries and when it was built (seconds, as docker reports). */
export type ImageFact = { id: string; tags: string[]; created: number };

/** What the engine and the state file say right now; the only input of the pure planner. */
export type PlanFacts = {
  now: Date;
  state: RollbackState | null;
  services: {
    service: string;
    container: { id: string; image: string; state: string } | null;
    /** The image `<repo>:latest` points at (null: no repo or no such tag). */
    latest: string | null;
    /** Every image of the service's repo. */
    images: ImageFact[];
  }[];
};

export const ROLLBACK_WORD = "ROLLBACK";

/** The `sha-…` tag (without repo) of an image in `repo`, newest-looking first. */
export function shaTagOf(tags: readonly string[], repo: string | null): string | null {
  if (!repo) return null;
  const tag = tags.find((t) => t.startsWith(`${repo}:sha-`));
  return tag ? tag.slice(repo.length + 1) : null;
}

const stateKey = (svc: ServiceTarget): keyof RollbackState | null => svc.stateKey ?? null;

/** Where an image id or ref points among the known images (by full id, short id or repo:tag). */
function findImage(images: readonly ImageFact[], ref: string): ImageFact | null {
  const bare = ref.replace(/^sha256:/, "");
  return (
    images.find(
      (i) => i.id === ref || i.id.replace(/^sha256:/, "").startsWith(bare) || i.tags.includes(ref),
    ) ?? null
  );
}

/**
 * The image a service goes back to: the rollback state file's PREV_* (deploy runbook §2), else the newest
 * `sha-` image that is not the current `latest` (the runbooks' fallback when the file is missing).
 */
export function chooseTarget(
  svc: ServiceTarget,
  facts: PlanFacts["services"][number],
  state: RollbackState | null,
  statePath: string,
): PlannedImage | { none: string } {
  const key = stateKey(svc);
  const fromState = key && state ? state[key] : "none";
  if (fromState && fromState !== "none") {
    const image = findImage(facts.images, fromState);
    if (image) {
      const when = state?.DEPLOY_TIME && state.DEPLOY_TIME !== "none" ? ` (deploy ${state.DEPLOY_TIME})` : "";
      return { id: image.id, tag: shaTagOf(image.tags, svc.repo), source: `${key} in ${statePath}${when}` };
    }
  }
  const current = facts.latest ?? facts.container?.image ?? null;
  // "Prior" is older than what runs now: an image built after it (a release rolled back from earlier)
  // would put the bad release back.
  const runningBuilt = facts.images.find((i) => i.id === (facts.container?.image ?? current))?.created;
  const candidates = facts.images
    .filter((i) => i.id !== current && shaTagOf(i.tags, svc.repo))
    .filter((i) => runningBuilt === undefined || i.created < runningBuilt)
    .sort((a, b) => b.created - a.created);
  const previous = candidates[0];
  const missing =
    fromState && fromState !== "none"
      ? `${key} ${short(fromState)} from ${statePath} is not on this engine; `
      : state
        ? `${statePath} says ${key ?? "nothing"} = none; `
        : `${statePath} is missing; `;
  if (previous) {
    return {
      id: previous.id,
      tag: shaTagOf(previous.tags, svc.repo),
      source: `${missing}newest earlier sha- tag of ${svc.repo} (built ${new Date(previous.created * 1000).toISOString()})`,
    };
  }
  const newer = facts.images.filter((i) => i.id !== current && shaTagOf(i.tags, svc.repo)).length;
  return {
    none: `${missing}no earlier sha- image of ${svc.repo}${newer > 0 ? ` (${newer} sha- image${newer === 1 ? " was" : "s were"} built after the running one: not a rollback)` : ""}`,
  };
}

const roleOf = (svc: ServiceTarget, i: number) => svc.role ?? (i === 0 ? "primary" : "dependent");

/** Why a dependent that does not exist is left out; the run goes on without it. */
function skippedWhy(svc: ServiceTarget): string {
  return svc.optional
    ? `${svc.container} does not exist (optional on this stack): not stopped, not started`
    : `${svc.container} does not exist: not stopped, not started — the runbook names it, this stack has none`;
}

function servicePlans(
  target: RollbackTarget,
  facts: PlanFacts,
): { plans: ServicePlan[]; problems: string[] } {
  const problems: string[] = [];
  const plans = target.services.map((svc, i): ServicePlan => {
    const role = roleOf(svc, i);
    const isPrimary = role === "primary";
    const f = facts.services[i] ?? { service: svc.service, container: null, latest: null, images: [] };
    const currentImage = f.container ? findImage(f.images, f.container.image) : null;
    const current = f.container
      ? {
          id: f.container.image,
          tag: currentImage ? shaTagOf(currentImage.tags, svc.repo) : null,
          state: f.container.state,
        }
      : null;
    const base = { service: svc.service, container: svc.container, repo: svc.repo, role, current };
    if (!f.container && !isPrimary)
      return { ...base, target: null, action: "start", skipped: skippedWhy(svc) };
    if (!f.container)
      problems.push(`${svc.container} does not exist: nothing to preserve its configuration from`);
    let chosen: PlannedImage | null = null;
    let note: string | undefined;
    if (svc.repo) {
      const choice = chooseTarget(svc, f, facts.state, target.rollbackStatePath);
      if ("none" in choice) {
        if (isPrimary) problems.push(choice.none);
        else note = `${choice.none}: started again on the image it has`;
      } else chosen = choice;
    }
    const changes = chosen !== null && chosen.id !== f.container?.image;
    return { ...base, target: chosen, action: changes ? "recreate" : "start", ...(note ? { note } : {}) };
  });
  const api = plans[0];
  if (api?.target && api.current && api.target.id === api.current.id) {
    problems.push(
      `${api.container} already runs ${displayRef(api.target, api.repo ?? "")}: nothing to roll back`,
    );
  }
  return { plans, problems };
}

/**
 * The deploy/incident runbooks' rollback as steps: stop the primary, and its dependents alongside it;
 * re-tag each previous image as `latest`; recreate the primary on it as soon as it is down, wait for
 * health, verify; bring the dependents back (the runbooks forget them); write the new rollback state.
 * The runbook's manual steps (the migration downgrade) are listed, never run. Absent dependents are
 * named in the plan as skipped; only a missing primary blocks it.
 */
export function composeRollbackPlan(target: RollbackTarget, facts: PlanFacts): RollbackPlan {
  const { plans, problems } = servicePlans(target, facts);
  const api = plans[0];
  const source = api?.target?.source.startsWith("PREV_")
    ? "rollback-state"
    : api?.target
      ? "previous-sha-tag"
      : "none";
  const base = {
    kind: "rollback" as const,
    project: target.project ?? "",
    builtAt: facts.now.toISOString(),
    source,
    sourceDetail: api?.target?.source ?? problems[0] ?? "",
    services: plans,
  } satisfies Partial<RollbackPlan>;
  const images = plans.map((p) => [p.container, p.current?.id ?? null, p.target?.id ?? null]);
  if (problems.length > 0 || !api?.target) {
    return {
      ...base,
      planHash: hashPlan({ images, steps: [] }),
      confirmWords: [],
      steps: [],
      blocked: problems.join("; ") || "nothing to roll back to",
    };
  }
  const active = plans.filter((p) => !p.skipped);
  const steps: PlannedStep[] = active.map((p, i) => stopStep(target, p, i > 0));
  // Services built from one image (a worker and its beat) share a repo: its `latest` is re-tagged once.
  const tagged = new Set<string>();
  for (const p of active) {
    if (!p.repo || !p.target || tagged.has(p.repo)) continue;
    tagged.add(p.repo);
    steps.push({
      name: `re-tag ${displayRef(p.target, p.repo)} as ${p.repo}:latest`,
      command: `docker tag ${p.target.id} ${p.repo}:latest`,
      kind: "tag",
      args: { image: p.target.id, repo: p.repo, tag: "latest" },
    });
  }
  active.forEach((p, i) => {
    steps.push(...bringUpSteps(target, p, i === 0));
  });
  steps.push(writeStateStep(target, plans));
  for (const m of target.manual) {
    steps.push({ name: m.name, command: m.command, kind: "manual", args: {}, warning: m.warning });
  }
  return {
    ...base,
    // The steps too: a preview confirmed against one list of commands never runs another.
    planHash: hashPlan({ images, steps: steps.map((s) => s.command) }),
    confirmWords: [ROLLBACK_WORD, ...(api.target.tag ? [api.target.tag] : [])],
    steps,
    blocked: null,
  };
}
