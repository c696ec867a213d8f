import { describe, expect, it } from "vitest";
import { actionsSchema, type RunbookActionsInput } from "@/lib/model/actions-schema";
import type { RollbackTarget } from "@/lib/model/rollback";
import { runbookSchema } from "@/lib/model/runbook-schema";
import { composeRestartPlan, composeRollbackPlan, type PlanFacts } from "@/lib/rollback/compose-plan";
import { buildPlan } from "@/lib/rollback/start-run";
import { resolveActions } from "@/lib/rollback/target";
import { PRESETS } from "@/lib/runbook/presets";

const id = (c: string) => `sha256:${c.repeat(64)}`;
const GOOD = id("a");
const BAD = id("b");

// A stack shaped unlike BuyWhere's: another project, named containers for one service, no scraper.
const SHOP: RunbookActionsInput = {
  stack: {
    project: "shop",
    services: [
      { service: "worker", role: "dependent" },
      { service: "web", role: "primary", repo: "shop-web", stateKey: "PREV_API_IMAGE" },
      { service: "cron", role: "dependent", optional: true },
      { service: "mailer", role: "dependent", container: "legacy-mailer" },
    ],
    stateFile: "/srv/shop/.rollback_state",
    baseUrl: "http://127.0.0.1:28000",
    verify: [{ match: "status", label: "health answers 200", path: "/health", expectStatus: [200] }],
    stopTimeoutS: 3,
  },
  rollback: { kind: "docker" },
  restart: { kind: "docker" },
};

function shopTarget(): RollbackTarget {
  const target = resolveActions(actionsSchema.parse(SHOP), {}).target;
  if (!target) throw new Error("no target");
  return target;
}

const running = (image: string) => ({ id: `c-${image.slice(7, 10)}`, image, state: "running" });

function shopFacts(present: { worker: boolean; web: boolean; cron: boolean; mailer: boolean }): PlanFacts {
  return {
    now: new Date("2026-04-23T13:00:00Z"),
    state: {
      PREV_API_IMAGE: GOOD,
      PREV_MCP_IMAGE: "none",
      PREV_SHA: "1111111",
      DEPLOY_TIME: "2026-04-23T11:02:00Z",
      DEPLOY_SHA: "2222222",
    },
    // In the target's order: the primary first.
    services: [
      {
        service: "web",
        container: present.web ? running(BAD) : null,
        latest: BAD,
        images: [
          { id: BAD, tags: ["shop-web:latest", "shop-web:sha-2222222"], created: 200 },
          { id: GOOD, tags: ["shop-web:sha-1111111"], created: 100 },
        ],
      },
      { service: "worker", container: present.worker ? running(id("c")) : null, latest: null, images: [] },
      { service: "cron", container: present.cron ? running(id("d")) : null, latest: null, images: [] },
      { service: "mailer", container: present.mailer ? running(id("e")) : null, latest: null, images: [] },
    ],
  };
}

describe("the runbook's actions resolve to a target", () => {
  it("primary first, compose names unless the runbook names the container, stop timeout from the runbook", () => {
    const t = shopTarget();
    expect(t.services.map((s) => [s.container, s.role, s.optional])).toEqual([
      ["shop-web-1", "primary", false],
      ["shop-worker-1", "dependent", false],
      ["shop-cron-1", "dependent", true],
      ["legacy-mailer", "dependent", false],
    ]);
    expect(t.stopTimeoutS).toBe(3);
    expect(t.healthTimeoutMs).toBe(120_000);
    expect(
      resolveActions(actionsSchema.parse(SHOP), { WARROOM_ROLLBACK_HEALTH_TIMEOUT_MS: "5000" }).target,
    ).toMatchObject({ healthTimeoutMs: 5000 });
    expect(
      resolveActions(actionsSchema.parse(SHOP), { WARROOM_ROLLBACK_API_URL: "http://127.0.0.1:9/" }).target
        ?.apiUrl,
    ).toBe("http://127.0.0.1:9");
  });

  it.each([
    ["no primary", { ...SHOP.stack, services: [{ service: "a", role: "dependent" }] }, /exactly one primary/],
    [
      "an optional primary",
      { ...SHOP.stack, services: [{ service: "a", role: "primary", optional: true }] },
      /cannot be optional/,
    ],
    ["no project, unnamed container", { ...SHOP.stack, project: undefined }, /name the container/],
  ])("refuses a stack with %s", (_, stack, message) => {
    const res = actionsSchema.safeParse({ ...SHOP, stack });
    expect(res.success).toBe(false);
    expect(res.error?.issues.map((i) => i.message).join("; ")).toMatch(message);
  });

  it("a docker action needs a stack, and a docker rollback its state file", () => {
    expect(actionsSchema.safeParse({ rollback: { kind: "docker" } }).error?.issues[0]?.message).toMatch(
      /needs actions.stack/,
    );
    const noState = { ...SHOP, stack: { ...SHOP.stack, stateFile: undefined } };
    expect(actionsSchema.safeParse(noState).error?.issues[0]?.path).toEqual(["stack", "stateFile"]);
  });
});

describe("composeRollbackPlan on another stack", () => {
  it("names absent dependents as skipped with why, and acts on the rest", () => {
    const plan = composeRollbackPlan(
      shopTarget(),
      shopFacts({ web: true, worker: true, cron: false, mailer: false }),
    );
    expect(plan.blocked).toBeNull();
    const skipped = Object.fromEntries(plan.services.map((s) => [s.service, s.skipped ?? null]));
    expect(skipped).toEqual({
      web: null,
      worker: null,
      cron: "shop-cron-1 does not exist (optional on this stack): not stopped, not started",
      mailer:
        "legacy-mailer does not exist: not stopped, not started — the runbook names it, this stack has none",
    });
    const touched = plan.steps.map((s) => s.args.container).filter(Boolean);
    expect(touched).not.toContain("shop-cron-1");
    expect(touched).not.toContain("legacy-mailer");
  });

  it("refuses only a missing primary", () => {
    const plan = composeRollbackPlan(
      shopTarget(),
      shopFacts({ web: false, worker: true, cron: true, mailer: true }),
    );
    expect(plan.blocked).toMatch(/shop-web-1 does not exist: nothing to preserve its configuration from/);
    expect(plan.steps).toEqual([]);
    expect(plan.confirmWords).toEqual([]);
  });

  it("stops the dependents alongside the primary, whose recreate follows its own stop; -t from the runbook", () => {
    const plan = composeRollbackPlan(
      shopTarget(),
      shopFacts({ web: true, worker: true, cron: true, mailer: true }),
    );
    expect(plan.steps.slice(0, 4).map((s) => [s.command, s.parallel ?? false])).toEqual([
      ["docker stop -t 3 shop-web-1", false],
      ["docker stop -t 3 shop-worker-1", true],
      ["docker stop -t 3 shop-cron-1", true],
      ["docker stop -t 3 legacy-mailer", true],
    ]);
    expect(plan.steps[4]?.kind).toBe("tag");
    expect(plan.steps[5]).toMatchObject({ kind: "recreate", args: { container: "shop-web-1" } });
    const restart = composeRestartPlan(
      shopTarget(),
      shopFacts({ web: true, worker: true, cron: true, mailer: true }),
    );
    expect(restart.steps[0]?.command).toBe(
      "docker compose -p shop restart -t 3 web   # docker restart -t 3 shop-web-1",
    );
  });

  it("a dependent without image history is started again as it is, and the plan says so", () => {
    const target = shopTarget();
    const withRepo = {
      ...target,
      services: target.services.map((s) => (s.service === "worker" ? { ...s, repo: "shop-worker" } : s)),
    };
    const plan = composeRollbackPlan(
      withRepo,
      shopFacts({ web: true, worker: true, cron: true, mailer: true }),
    );
    const worker = plan.services.find((s) => s.service === "worker");
    expect(worker?.action).toBe("start");
    expect(worker?.note).toMatch(/no earlier sha- image of shop-worker: started again on the image it has/);
  });
});

describe("every preset carries its actions", () => {
  it.each(Object.keys(PRESETS))("%s", async (presetId) => {
    const runbook = runbookSchema.parse(PRESETS[presetId as keyof typeof PRESETS]({}));
    const resolved = resolveActions(runbook.actions, {});
    // The Customer Intelligence API runs on Railway: its runbook names no disk cleanup. Only BuyWhere's
    // runbooks name a full stack restart, ingestion around a database restore, a manual backup and the US
    // traffic pause.
    const buywhereOnly = [
      "restart-stack",
      "stop-ingestion",
      "resume-ingestion",
      "backup",
      "pause-us",
      "resume-us",
    ];
    // Deal Scout's runbook names service actions on its containers (restart postgres, recreate the worker …),
    // the Customer Intelligence API's one request (its manual sync).
    expect(resolved.missing).toEqual(
      presetId === "customer-intelligence"
        ? [
            "disk-cleanup",
            "restart-stack",
            "stop-ingestion",
            "resume-ingestion",
            "backup",
            "pause-us",
            "resume-us",
          ]
        : presetId === "deal-scout"
          ? buywhereOnly
          : ["service-action"],
    );
    const plan = await buildPlan(
      { docker: null as never, target: null, manual: resolved.manual },
      "rollback",
    );
    if (presetId === "buywhere-us-launch") {
      expect(resolved.target?.services.map((s) => [s.service, s.role, s.optional])).toEqual([
        ["api", "primary", false],
        ["mcp", "dependent", false],
        ["scraper-scheduler", "dependent", true],
        ["scraper-worker", "dependent", true],
      ]);
      // Launch day §4.3 step 2 names the worker by its container name.
      expect(resolved.target?.services.at(-1)?.container).toBe("scraper-worker-fixed");
      expect(resolved.target?.stopTimeoutS).toBe(10);
      expect(resolved.target?.manual.map((m) => m.command)).toEqual([
        "docker compose -p buywhere-api run --rm migrate alembic downgrade -1",
      ]);
    } else if (presetId === "deal-scout") {
      // Its rollback done warroom's way: the images a deployment builds go back to their previous sha-.
      expect(resolved.manual.rollback).toBeUndefined();
      expect(resolved.target?.services.map((s) => [s.service, s.role, s.repo])).toEqual([
        ["backend", "primary", "deal-scout-backend"],
        ["worker", "dependent", "deal-scout-worker"],
        ["beat", "dependent", "deal-scout-worker"],
      ]);
      expect(resolved.target?.serviceActions?.map((a) => a.id)).toContain("restart-postgres");
      expect(resolved.target?.cleanup?.files.map((f) => f.dir)).toEqual([
        "/var/log/deal-scout",
        "/var/backups/postgresql",
      ]);
    } else {
      // Not Docker-shaped: shown with the exact commands, never started.
      expect(plan.source).toBe("manual");
      expect(plan.blocked).toMatch(/warroom does not run it/);
      expect(plan.steps.every((s) => s.kind === "manual")).toBe(true);
      expect(plan.steps.map((s) => s.command).join("\n")).toMatch(/Redeploy/);
    }
  });
});
