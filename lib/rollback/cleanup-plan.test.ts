import { describe, expect, it } from "vitest";
import { canCleanUp } from "@/lib/auth/permissions";
import { actionsSchema } from "@/lib/model/actions-schema";
import type { CleanupTarget, RollbackTarget } from "@/lib/model/rollback";
import type { Person } from "@/lib/model/runbook-schema";
import type { CleanupFacts } from "@/lib/rollback/cleanup-facts";
import { composeCleanupPlan } from "@/lib/rollback/cleanup-plan";
import { resolveActions } from "@/lib/rollback/target";
import { PRESETS } from "@/lib/runbook/presets";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";

const id = (c: string) => `sha256:${c.repeat(64)}`;
const cleanup: CleanupTarget = {
  ownerDomain: "infra",
  onlyLabel: null,
  manual: [
    { name: "system prune", command: "docker system prune -f", warning: "removes stopped containers" },
  ],
  files: [],
};
const target = { project: "buywhere-api", engineCallMs: 1000 } as RollbackTarget;
const facts = (over: Partial<CleanupFacts> = {}): CleanupFacts => ({
  dangling: [
    { id: id("a"), sizeBytes: 5e6 },
    { id: id("b"), sizeBytes: 7e6 },
    { id: id("c"), sizeBytes: 1e6 },
  ],
  protectedIds: new Map([[id("b"), "PREV_API_IMAGE of the rollback state (/s)"]]),
  rollbackImages: ["buywhere-api:sha-1111111", "buywhere-api:sha-2222222"],
  projectContainers: ["buywhere-api-api-1", "buywhere-api-api-1-before-rollback"],
  buildCacheBytes: 3e6,
  ...over,
});
const NOW = new Date("2026-12-05T05:00:00Z");

describe("composeCleanupPlan", () => {
  it("removes the unprotected dangling images only, keeps the rest with why, then the manual steps with their warning", () => {
    const plan = composeCleanupPlan(target, cleanup, facts(), NOW);
    expect(plan.kind).toBe("disk-cleanup");
    expect(plan.confirmWords).toEqual(["CLEANUP"]);
    expect(plan.blocked).toBeNull();
    expect(plan.steps.map((s) => [s.kind, s.command.split("   #")[0]])).toEqual([
      ["prune-builder", "docker builder prune -f"],
      ["remove-images", "docker image rm aaaaaaaaaaaa cccccccccccc"],
      ["manual", "docker system prune -f"],
    ]);
    expect(plan.steps[1]?.args.images).toBe(`${id("a")},${id("c")}`);
    expect(plan.steps[2]?.warning).toBe("removes stopped containers");
    expect(plan.cleanup?.keep).toEqual([
      { id: id("b"), sizeBytes: 7e6, why: "PREV_API_IMAGE of the rollback state (/s)" },
    ]);
    expect(plan.sourceDetail).toMatch(/kept: 2 sha- images, 1 protected dangling, 2 project containers/);
  });

  it("with nothing dangling it still prunes the build cache", () => {
    const plan = composeCleanupPlan(target, cleanup, facts({ dangling: [] }), NOW);
    expect(plan.steps.map((s) => s.kind)).toEqual(["prune-builder", "manual"]);
  });

  it("its hash changes when what it removes or keeps changes, not with the time", () => {
    const a = composeCleanupPlan(target, cleanup, facts(), NOW).planHash;
    expect(composeCleanupPlan(target, cleanup, facts(), new Date()).planHash).toBe(a);
    const protectedNow = facts({ protectedIds: new Map([[id("a"), "image of x (exited)"]]) });
    expect(composeCleanupPlan(target, cleanup, protectedNow, NOW).planHash).not.toBe(a);
  });
});

describe("who may run the disk cleanup", () => {
  const person = (role: Person["role"], domain?: string): Person =>
    ({ id: role, name: role, role, ...(domain ? { domain } : {}) }) as Person;
  it.each([
    { who: person("lead", "overall"), domain: "infra", ok: true },
    { who: person("owner", "infra"), domain: "infra", ok: true },
    { who: person("owner", "frontend"), domain: "infra", ok: false },
    { who: person("owner", "infra"), domain: null, ok: false },
    { who: person("exec"), domain: "infra", ok: false },
    { who: person("viewer"), domain: "infra", ok: false },
  ])("$who.role ($who.domain), owner domain $domain → $ok", ({ who, domain, ok }) => {
    expect(canCleanUp(who, domain).ok).toBe(ok);
  });
});

describe("the cleanup action in the runbook", () => {
  it("a docker cleanup needs a stack", () => {
    const r = actionsSchema.safeParse({
      rollback: { kind: "manual", steps: [{ name: "x", command: "y" }] },
      cleanup: { kind: "docker" },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("a docker action needs actions.stack");
  });

  it("BuyWhere's: build cache and dangling images by the lead or Bolt; every system prune is manual with its warning", () => {
    const actions = actionsSchema.parse(buildBuyWhereUsLaunch({}).actions);
    const c = resolveActions(actions, {}).target?.cleanup;
    expect(c?.ownerDomain).toBe("infra");
    const prunes = c?.manual.filter((m) => m.command.includes("docker system prune")) ?? [];
    expect(prunes.length).toBe(2);
    for (const m of prunes) expect(m.warning).toMatch(/stopped container .* untagged previous image/s);
  });

  it("Deal Scout's: prune -a and the container-log deletion are manual steps warning what they destroy", () => {
    const actions = actionsSchema.parse(PRESETS["deal-scout"]({}).actions);
    const c = resolveActions(actions, {}).target?.cleanup;
    expect(c?.ownerDomain).toBeNull();
    const step = (cmd: string) => c?.manual.find((m) => m.command === cmd);
    expect(step("docker system prune -a")?.warning).toMatch(/previous sha- images a rollback needs/);
    expect(step('find /var/lib/docker/containers -name "*.log" -delete')?.warning).toMatch(
      /logs of running containers/,
    );
  });
});
