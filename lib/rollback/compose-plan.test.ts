import { describe, expect, it } from "vitest";
import { actionsSchema } from "@/lib/model/actions-schema";
import type { RollbackTarget } from "@/lib/model/rollback";
import {
  chooseTarget,
  composeRestartPlan,
  composeRollbackPlan,
  type PlanFacts,
  shaTagOf,
} from "@/lib/rollback/compose-plan";
import { recreateOptions } from "@/lib/rollback/recreate";
import { formatRollbackState, parseRollbackState } from "@/lib/rollback/rollback-state";
import { resolveActions } from "@/lib/rollback/target";
import { buyWhereActions } from "@/lib/runbook/presets/buywhere-actions";

// The BuyWhere preset's actions, as the app resolves them (state file and API moved by the environment).
const target: RollbackTarget = resolveActions(
  actionsSchema.parse(
    buyWhereActions({ WARROOM_STACK_DIR: "/srv/buywhere-api", WARROOM_API_URL: "http://127.0.0.1:18000" }),
  ),
  {},
).target as RollbackTarget;

const id = (c: string) => `sha256:${c.repeat(64)}`;
const GOOD = id("a");
const BAD = id("b");
const OLDER = id("c");
const MCP = id("d");
const SCRAPER = id("e");

function facts(over: Partial<PlanFacts> = {}): PlanFacts {
  return {
    now: new Date("2026-04-23T13:00:00Z"),
    state: parseRollbackState(
      formatRollbackState({
        PREV_API_IMAGE: GOOD,
        PREV_MCP_IMAGE: MCP,
        PREV_SHA: "4eb633e",
        DEPLOY_TIME: "2026-04-23T11:02:00Z",
        DEPLOY_SHA: "3458172",
      }),
    ),
    services: [
      {
        service: "api",
        container: { id: "c1", image: BAD, state: "running" },
        latest: BAD,
        images: [
          { id: BAD, tags: ["buywhere-api:latest", "buywhere-api:sha-3458172"], created: 300 },
          { id: GOOD, tags: ["buywhere-api:sha-4eb633e"], created: 200 },
          { id: OLDER, tags: ["buywhere-api:sha-1111111"], created: 100 },
        ],
      },
      {
        service: "mcp",
        container: { id: "c2", image: MCP, state: "running" },
        latest: MCP,
        images: [{ id: MCP, tags: ["buywhere-mcp:latest", "buywhere-mcp:sha-d773c09"], created: 150 }],
      },
      {
        service: "scraper-scheduler",
        container: { id: "c3", image: SCRAPER, state: "running" },
        latest: null,
        images: [],
      },
      {
        service: "scraper-worker",
        container: { id: "c4", image: SCRAPER, state: "running" },
        latest: null,
        images: [],
      },
    ],
    ...over,
  };
}

describe("composeRollbackPlan", () => {
  it("follows the runbook: stops, re-tags, recreates the API, waits, verifies, brings MCP and the scraper back, writes state, lists the downgrade as manual", () => {
    const plan = composeRollbackPlan(target, facts());
    expect(plan.blocked).toBeNull();
    expect(plan.source).toBe("rollback-state");
    expect(plan.sourceDetail).toBe(
      "PREV_API_IMAGE in /srv/buywhere-api/.rollback_state (deploy 2026-04-23T11:02:00Z)",
    );
    expect(plan.confirmWords).toEqual(["ROLLBACK", "sha-4eb633e"]);
    expect(plan.steps.map((s) => s.command.split("   #")[0])).toEqual([
      "docker stop buywhere-api-api-1",
      "docker stop buywhere-api-mcp-1",
      "docker stop buywhere-api-scraper-scheduler-1",
      // Launch day §4.3 step 2: the US scraper worker, by its own name.
      "docker stop scraper-worker-fixed",
      `docker tag ${GOOD} buywhere-api:latest`,
      `docker tag ${MCP} buywhere-mcp:latest`,
      "docker compose -p buywhere-api up -d --no-deps --force-recreate api",
      `until [ "$(docker inspect -f '{{.State.Health.Status}}' buywhere-api-api-1)" = healthy ]; do sleep 2; done`,
      // Deploy §5.2 step 6: smoke tests 1–5, then test 6.
      "curl -s http://127.0.0.1:18000/health",
      "curl -s http://127.0.0.1:18000/health/detailed",
      "curl -s 'http://127.0.0.1:18000/v1/products?limit=1'",
      "curl -s 'http://127.0.0.1:18000/v1/search?q=laptop&limit=3&currency=USD'",
      "curl -s 'http://127.0.0.1:18000/v1/search?q=iphone&limit=1&currency=USD'",
      "curl -s -o /dev/null -w '%{redirect_url}' http://127.0.0.1:18000/go/B09G9HDHJT",
      "docker start buywhere-api-mcp-1",
      `until [ "$(docker inspect -f '{{.State.Health.Status}}' buywhere-api-mcp-1)" = healthy ]; do sleep 2; done`,
      "docker start buywhere-api-scraper-scheduler-1",
      `until [ "$(docker inspect -f '{{.State.Health.Status}}' buywhere-api-scraper-scheduler-1)" = healthy ]; do sleep 2; done`,
      "docker start scraper-worker-fixed",
      `until [ "$(docker inspect -f '{{.State.Health.Status}}' scraper-worker-fixed)" = healthy ]; do sleep 2; done`,
      expect.stringMatching(/^cat > \/srv\/buywhere-api\/.rollback_state <<EOF/),
      "docker compose -p buywhere-api run --rm migrate alembic downgrade -1",
    ]);
    expect(plan.steps[7]?.name).toBe("wait for api healthy (≤ 120 s)");
    const manual = plan.steps.at(-1);
    expect(manual?.kind).toBe("manual");
    expect(manual?.warning).toMatch(/never runs it/);
    expect(plan.services.map((s) => [s.service, s.action, s.target?.tag ?? null])).toEqual([
      ["api", "recreate", "sha-4eb633e"],
      ["mcp", "start", "sha-d773c09"],
      ["scraper-scheduler", "start", null],
      ["scraper-worker", "start", null],
    ]);
    const write = plan.steps.find((s) => s.kind === "write-state");
    // The state names the restored release, never the bad one: a second rollback cannot put it back.
    expect(write?.args).toMatchObject({ PREV_API_IMAGE: GOOD, PREV_SHA: "4eb633e", DEPLOY_SHA: "4eb633e" });
  });

  it("without the state file: the newest earlier sha- tag, and says so", () => {
    const plan = composeRollbackPlan(target, facts({ state: null }));
    expect(plan.source).toBe("previous-sha-tag");
    expect(plan.services[0]?.target?.id).toBe(GOOD);
    expect(plan.sourceDetail).toMatch(
      /^\/srv\/buywhere-api\/.rollback_state is missing; newest earlier sha- tag of buywhere-api/,
    );
  });

  it("state file naming an image the engine no longer has falls back to the sha- tags", () => {
    const f = facts();
    const state = f.state ? { ...f.state, PREV_API_IMAGE: id("f") } : null;
    const choice = chooseTarget(target.services[0] as never, f.services[0] as never, state, "/x");
    expect(choice).toMatchObject({
      id: GOOD,
      source: expect.stringMatching(/is not on this engine; newest earlier sha- tag/),
    });
  });

  it("without the state file never picks an image built after the running one", () => {
    // Running GOOD after an earlier rollback from BAD (built later): the fallback is OLDER, not BAD again.
    const f = facts({ state: null });
    const api = f.services[0];
    if (!api?.container) throw new Error("fixture");
    api.container = { ...api.container, image: GOOD };
    api.latest = GOOD;
    expect(chooseTarget(target.services[0] as never, api as never, null, "/x")).toMatchObject({ id: OLDER });
    api.images = api.images.filter((i) => i.id !== OLDER);
    expect(chooseTarget(target.services[0] as never, api as never, null, "/x")).toEqual({
      none: "/x is missing; no earlier sha- image of buywhere-api (1 sha- image was built after the running one: not a rollback)",
    });
  });

  it("is blocked (no steps, no confirmation words) when there is nothing to roll back to", () => {
    const f = facts({ state: null });
    const api = f.services[0];
    if (api) api.images = api.images.filter((i) => i.id === BAD);
    const plan = composeRollbackPlan(target, f);
    expect(plan.blocked).toMatch(/no earlier sha- image of buywhere-api/);
    expect(plan.steps).toEqual([]);
    expect(plan.confirmWords).toEqual([]);
  });

  it("is blocked when the API container is missing (no configuration to preserve) or already runs the target", () => {
    const missing = facts();
    if (missing.services[0]) missing.services[0].container = null;
    expect(composeRollbackPlan(target, missing).blocked).toMatch(/buywhere-api-api-1 does not exist/);
    const same = facts();
    if (same.services[0]?.container) same.services[0].container.image = GOOD;
    expect(composeRollbackPlan(target, same).blocked).toMatch(/already runs buywhere-api:sha-4eb633e/);
  });

  it("planHash changes when an image moves, so a stale preview is refused", () => {
    const a = composeRollbackPlan(target, facts());
    const moved = facts();
    if (moved.services[0]?.container) moved.services[0].container.image = OLDER;
    expect(composeRollbackPlan(target, moved).planHash).not.toBe(a.planHash);
    expect(composeRollbackPlan(target, facts()).planHash).toBe(a.planHash);
  });

  it("planHash covers the step list: the same images with other steps (a runbook reloaded with a new manual step) is another plan", () => {
    const a = composeRollbackPlan(target, facts());
    const extraStep = {
      ...target,
      manual: [...target.manual, { name: "purge CDN", command: "cdnctl purge --all" }],
    };
    const b = composeRollbackPlan(extraStep, facts());
    expect(b.services).toEqual(a.services);
    expect(b.steps.at(-1)?.command).toBe("cdnctl purge --all");
    expect(b.planHash).not.toBe(a.planHash);
  });

  it("quotes URLs a shell would split", () => {
    const plan = composeRollbackPlan(target, facts());
    expect(plan.steps.find((s) => s.name.startsWith("verify: T4"))?.command).toContain(
      "'http://127.0.0.1:18000/v1/search?q=laptop&limit=3&currency=USD'",
    );
  });
});

describe("composeRestartPlan", () => {
  it("restart, wait, /health (smoke test T1: 200, status ok); RESTART to confirm", () => {
    const plan = composeRestartPlan(target, facts());
    expect(plan.kind).toBe("restart-api");
    expect(plan.confirmWords).toEqual(["RESTART"]);
    expect(plan.steps.map((s) => s.kind)).toEqual(["restart", "wait-healthy", "verify-search"]);
    expect(plan.steps[2]?.name).toBe("verify: T1 health: 200, status ok");
    expect(plan.steps[0]?.command).toBe(
      "docker compose -p buywhere-api restart api   # docker restart buywhere-api-api-1",
    );
  });
});

describe("shaTagOf", () => {
  it("reads the repo's sha- tag only", () => {
    expect(shaTagOf(["other:sha-1", "buywhere-api:latest", "buywhere-api:sha-4eb633e"], "buywhere-api")).toBe(
      "sha-4eb633e",
    );
    expect(shaTagOf(["buywhere-api:latest"], "buywhere-api")).toBeNull();
    expect(shaTagOf(["buywhere-api:sha-1"], null)).toBeNull();
  });
});

describe("recreateOptions", () => {
  it("keeps the container's own env, labels and host config; drops what only came from the old image", () => {
    const info = {
      Name: "/buywhere-api-api-1",
      Config: {
        Env: ["PATH=/usr/bin", "BUILD=broken", "AFFILIATE_TAG=buywhere-20", "SIM_API_PORT=18000"],
        Labels: { "com.docker.compose.project": "buywhere-api", "com.warroom.build": "broken" },
        Cmd: ["node", "/srv/api.js"],
        Entrypoint: null,
        Healthcheck: { Test: ["CMD-SHELL", "wget /health"] },
        WorkingDir: "",
        User: "",
        ExposedPorts: undefined,
        Tty: false,
        OpenStdin: false,
        StopSignal: "SIGTERM",
      },
      HostConfig: { NetworkMode: "host", RestartPolicy: { Name: "unless-stopped" } },
    } as never;
    const oldImage = {
      Config: {
        Env: ["PATH=/usr/bin", "BUILD=broken"],
        Labels: { "com.warroom.build": "broken" },
        Cmd: ["node", "/srv/api.js"],
        Healthcheck: { Test: ["CMD-SHELL", "wget /health"] },
      },
    } as never;
    const opts = recreateOptions(info, oldImage, "buywhere-api:latest");
    expect(opts.name).toBe("buywhere-api-api-1");
    expect(opts.Image).toBe("buywhere-api:latest");
    expect(opts.Env).toEqual(["AFFILIATE_TAG=buywhere-20", "SIM_API_PORT=18000"]);
    expect(opts.Labels).toEqual({ "com.docker.compose.project": "buywhere-api" });
    expect(opts.Cmd).toBeUndefined();
    expect(opts.Healthcheck).toBeUndefined();
    expect(opts.StopSignal).toBe("SIGTERM");
    expect(opts.HostConfig).toEqual({ NetworkMode: "host", RestartPolicy: { Name: "unless-stopped" } });
  });
});
