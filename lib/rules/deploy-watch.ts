import type { DeployKind, SmokeResult, WindowRuleView } from "@/lib/model/deploy-watch";
import type { SmokeTest } from "@/lib/model/deploy-watch-schema";
import type { RollbackRecommendation } from "@/lib/model/incident";
import type { RunKind } from "@/lib/model/rollback";
import type { Level } from "@/lib/model/runbook-schema";
import type { Trigger } from "@/lib/model/trigger-schema";
import { levelHolds, type Sample } from "@/lib/rules/sustained";

/** warroom's latest rollback run as the watch needs it: when it ran and the image it put on the primary. */
export type OwnRun = {
  id: string;
  kind: RunKind;
  startedAt: string;
  finishedAt: string | null;
  /** The primary's planned image (rollback); null for a restart, which keeps the image. */
  targetImage: string | null;
};

/** A run's recreate is seen this long after it finished (event delivery, a slow verify step). */
export const OWN_RUN_GRACE_MS = 60_000;
/** Clock skew between the engine's event time and the run's start as stored. */
const SKEW_MS = 2_000;

export type ImageChange =
  | { kind: "baseline" }
  | { kind: "unchanged" }
  | { kind: DeployKind; runId: string | null; why: string };

const isDuring = (run: OwnRun, atMs: number) =>
  Date.parse(run.startedAt) - SKEW_MS <= atMs &&
  (run.finishedAt === null || atMs <= Date.parse(run.finishedAt) + OWN_RUN_GRACE_MS);

/**
 * What a start of the primary on `current` means, given the image it ran before and warroom's latest
 * run: the first sighting is a baseline; the same image is nothing (or warroom's restart); another image
 * is warroom's rollback when a rollback run to that image was in progress, and a deploy otherwise.
 */
export function classifyImageChange(
  previous: string | null,
  current: string,
  run: OwnRun | null,
  atMs: number,
): ImageChange {
  if (previous === null) return { kind: "baseline" };
  const during = run !== null && isDuring(run, atMs);
  if (previous === current) {
    if (during && run.kind === "restart-api")
      return { kind: "restart", runId: run.id, why: `warroom restart ${run.id.slice(0, 8)}` };
    return { kind: "unchanged" };
  }
  if (during && run.kind === "rollback" && (run.targetImage === null || run.targetImage === current)) {
    return {
      kind: "rollback",
      runId: run.id,
      why: `warroom rollback ${run.id.slice(0, 8)} to its planned image`,
    };
  }
  const aside = during
    ? ` (warroom's ${run.kind} ${run.id.slice(0, 8)} was running but planned another image)`
    : "";
  return { kind: "deploy", runId: null, why: `image changed outside warroom${aside}` };
}

/**
 * The record the board leads with: the newest image change (deploy or warroom's rollback). A restart keeps
 * the image, so it neither hides the deploy's smoke results nor closes its window. Newest first in.
 */
export function leadingRecord<T extends { kind: DeployKind }>(recent: readonly T[]): T | null {
  return recent.find((r) => r.kind !== "restart") ?? null;
}

/** One smoke test from its checks' levels: fail if any fails, unknown if any is unknown or missing. */
export function judgeSmokeTest(
  test: SmokeTest,
  levels: ReadonlyMap<string, { level: Level; summary: string; at: string }>,
): SmokeResult {
  const checks = test.checks.map((id) => {
    const r = levels.get(id);
    return { id, level: r?.level ?? ("unknown" as const), summary: r?.summary ?? "not read yet" };
  });
  const accepted = (l: Level) => (test.accept as readonly Level[]).includes(l) || l === "ok";
  const status = checks.some((c) => c.level !== "unknown" && !accepted(c.level))
    ? "fail"
    : checks.some((c) => c.level === "unknown")
      ? "unknown"
      : "pass";
  const times = test.checks.map((id) => levels.get(id)?.at).filter((t): t is string => !!t);
  return {
    id: test.id,
    label: test.label,
    source: test.source ?? null,
    status,
    checks,
    at: times.sort().at(-1) ?? null,
  };
}

export type WindowInput = {
  deployAtMs: number;
  goFailMinutes: number;
  healthFailures: number;
  healthCheck: string;
  /** Each go gate's label and its samples (crit = red), oldest first. */
  gates: { id: string; label: string; samples: Sample[] }[];
  health: Sample[];
  /** Health readings count from here (the container's start period over); null: not yet. */
  healthFromMs: number | null;
  nowMs: number;
  source: string;
};

const view = (s: Sample) => ({ at: new Date(s.at).toISOString(), level: s.level, value: s.value });

/** A rule that does not fire now: ok (within limits) or unknown (cannot tell yet), with why. */
function quiet(
  id: string,
  label: string,
  source: string,
  h: { holds: boolean | null; reason: string },
): WindowRuleView {
  return {
    id,
    label,
    source,
    state: h.holds === false ? "ok" : "unknown",
    reason: h.reason,
    firedAt: null,
    samples: [],
  };
}

function ruleOf(id: string, check: string, kind: Trigger["kind"], crit: Trigger["crit"]): Trigger {
  return {
    id,
    label: id,
    check,
    kind,
    signal: "failure",
    direction: "above",
    crit,
    rollback: true,
    maxGapSec: 60,
  };
}

/**
 * The post-deploy window (deploy §5.1, §4): a go condition failing for longer than `goFailMinutes` since
 * the deploy, or `healthFailures` failing health readings in a row once the container's start period is
 * over (`healthFromMs`: an API still starting refuses connections), recommends a rollback. Only readings
 * taken after the deploy count. Reuses the rules over time (lib/rules/sustained.ts).
 */
export function judgeDeployWindow(input: WindowInput): WindowRuleView[] {
  const after = (s: readonly Sample[]) => s.filter((x) => x.at >= input.deployAtMs);
  const out: WindowRuleView[] = input.gates.map((g) => {
    const rule = ruleOf(`deploy-go-${g.id}`, g.id, "sustained", { forMinutes: input.goFailMinutes });
    const h = levelHolds(rule, { forMinutes: input.goFailMinutes }, after(g.samples), input.nowMs);
    const label = `Go condition "${g.label}" failing > ${input.goFailMinutes} min after deploy`;
    if (h.holds === true) {
      const first = h.evidence[0]?.at ?? input.nowMs;
      return {
        id: rule.id,
        label,
        source: `${input.source} §5.1`,
        state: "firing",
        reason: `red since ${new Date(first).toISOString().slice(11, 19)} UTC, not fixed within ${input.goFailMinutes} min`,
        firedAt: new Date(first + input.goFailMinutes * 60_000).toISOString(),
        samples: h.evidence.slice(-24).map(view),
      };
    }
    return quiet(rule.id, label, `${input.source} §5.1`, h);
  });
  const count = input.healthFailures;
  const rule = ruleOf("deploy-health-failures", input.healthCheck, "consecutive", { count });
  const from = input.healthFromMs;
  const h =
    from === null
      ? {
          holds: null,
          reason: "waiting for the container's first health report: failures count after its start period",
        }
      : levelHolds(
          rule,
          { count },
          after(input.health).filter((s) => s.at >= from),
          input.nowMs,
        );
  const label = `${count} consecutive ${input.healthCheck} failures after deploy`;
  out.push(
    h.holds === true
      ? {
          id: rule.id,
          label,
          source: `${input.source} §4`,
          state: "firing",
          reason: `${count} failing readings in a row since the deploy`,
          firedAt: new Date(h.evidence.at(-1)?.at ?? input.nowMs).toISOString(),
          samples: h.evidence.map(view),
        }
      : quiet(rule.id, label, `${input.source} §4`, h),
  );
  return out;
}

/** The firing window rules as the board's ROLLBACK RECOMMENDED entries, with their evidence. */
export function windowRecommendations(rules: readonly WindowRuleView[]): RollbackRecommendation[] {
  return rules
    .filter((r) => r.state === "firing" && r.firedAt)
    .map((r) => ({
      ruleId: r.id,
      label: r.label,
      level: "crit" as const,
      source: r.source,
      condition: r.reason,
      firedAt: r.firedAt as string,
      samples: r.samples,
      sampleCount: r.samples.length,
    }));
}
