import { spawn, spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signInPost } from "@/app/api/auth/sign-in/route";
import { GET as planGet } from "@/app/api/rollback/plan/route";
import { POST as restartPost } from "@/app/api/rollback/restart-api/route";
import { GET as runGet } from "@/app/api/rollback/runs/[id]/route";
import { POST as startPost } from "@/app/api/rollback/start/route";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { claimRun, markStepRunning, readRun, recordStepResult } from "@/lib/db/rollback-runs";
import { Refusal as RollbackRefusal } from "@/lib/model/refusal";
import type { RollbackPlan, RunView } from "@/lib/model/rollback";
import { recreateContainer } from "@/lib/rollback/recreate";
import { buildPlan, type RollbackEnv, recover, startRun } from "@/lib/rollback/start-run";
import { thisInstance } from "@/lib/runtime/instance";
import { type Caller, installRunbook, PASSWORDS, REX_TOKEN, request } from "@/test/support/launch-harness";
import {
  API_REPO,
  buildTestImages,
  containerOf,
  deployTestStack,
  MCP_REPO,
  removeTestContainers,
  removeTestImages,
  type TestImages,
  type TestStack,
  testAudit,
} from "@/test/support/rollback-fixture";
import { rollbackSuite } from "@/test/support/rollback-suite";

let images: TestImages;
const suite = await rollbackSuite({
  runbookId: "rbtest",
  prepare: async (docker) => {
    images = await buildTestImages(docker);
  },
  cleanup: async (docker) => {
    await removeTestContainers(docker);
    await removeTestImages(docker);
  },
});
const { docker, engine, envFor } = suite;
const audit = testAudit("rbtest");
let db: PrismaClient;
beforeAll(() => {
  if (engine) db = suite.db();
});

async function deploy(...args: Parameters<typeof deployTestStack> extends [unknown, ...infer R] ? R : never) {
  return suite.track(await deployTestStack(docker, ...args));
}

async function start(env: RollbackEnv, reason = "5xx above 2% for 5 min after deploy 2222222") {
  const plan = await buildPlan(env, "rollback");
  return startRun(env, {
    kind: "rollback",
    requestedBy: "rex",
    reason,
    confirm: "ROLLBACK",
    planHash: plan.planHash,
  });
}

async function asideContainers() {
  return docker.listContainers({
    all: true,
    filters: { name: ["before-rollback"], label: ["com.docker.compose.project=warroom-rbtest"] },
  });
}

describe.skipIf(!engine)("rollback executor against a real Docker engine (warroom-rbtest-*)", () => {
  it("full rollback: previous images back as latest, containers recreated with their own config, verified, everything started, state rewritten", async () => {
    const stack = await deploy(
      { api: images.apiBad, mcp: images.mcpV2 },
      { api: images.apiGood, mcp: images.mcpV1 },
    );
    const env = envFor(stack);
    const plan = await buildPlan(env, "rollback");
    expect(plan.blocked).toBeNull();
    expect(plan.source).toBe("rollback-state");
    expect(plan.services.map((s) => [s.service, s.action, s.target?.tag ?? null])).toEqual([
      ["api", "recreate", "sha-1111111"],
      ["mcp", "recreate", "sha-1111111"],
      ["scraper-scheduler", "start", null],
    ]);
    const { runId, done } = await start(env);
    expect(await done).toBe("succeeded");

    const run = await readRun(db, runId);
    expect(run?.status).toBe("succeeded");
    expect(run?.steps.map((s) => s.status)).toEqual([
      ...Array((run?.steps.length ?? 1) - 1).fill("ok"),
      "manual",
    ]);
    for (const s of run?.steps.filter((x) => x.status === "ok") ?? []) {
      expect(s.durationMs).toBeGreaterThanOrEqual(0);
      expect(s.startedAt).not.toBeNull();
    }
    expect(run?.steps[0]?.command).toBe(`docker stop ${containerOf("api")}`);
    expect(run?.steps.find((s) => s.name.startsWith("verify: affiliate"))?.output).toContain(
      "tag=buywhere-20",
    );

    const api = await docker.getContainer(containerOf("api")).inspect();
    expect(api.Image).toBe(images.apiGood);
    expect(api.State.Health?.Status).toBe("healthy");
    expect(api.Config.Env).toContain(`PORT=${stack.ports.api}`); // the container's own env kept
    expect(api.Config.Env).toContain("AFFILIATE_TAG=buywhere-20");
    expect(api.Config.Env).toContain("BUILD=v1"); // the new image's env, not the old image's pinned
    expect(api.Config.Env).not.toContain("BUILD=v2");
    expect(api.Config.Labels?.["com.docker.compose.project"]).toBe("warroom-rbtest");
    expect(api.Config.Labels?.["com.warroom.build"]).toBe("v1");
    expect(api.HostConfig.NetworkMode).toBe("host");
    expect((api.Config as { StopSignal?: string }).StopSignal).toBe("SIGKILL");
    expect(api.HostConfig.RestartPolicy?.Name).toBe("unless-stopped");
    const mcp = await docker.getContainer(containerOf("mcp")).inspect();
    expect(mcp.Image).toBe(images.mcpV1);
    expect(mcp.State.Running).toBe(true);
    expect((await docker.getContainer(containerOf("scraper-scheduler")).inspect()).State.Running).toBe(true);
    expect((await docker.getImage(`${API_REPO}:latest`).inspect()).Id).toBe(images.apiGood);
    expect((await docker.getImage(`${MCP_REPO}:latest`).inspect()).Id).toBe(images.mcpV1);
    const state = await readFile(stack.target.rollbackStatePath, "utf8");
    expect(state).toContain(`PREV_API_IMAGE="${images.apiGood}"`);
    expect(state).not.toContain(images.apiBad);
    expect(state).toContain('DEPLOY_SHA="1111111"');
    expect(await asideContainers()).toEqual([]);
    console.log(
      `full rollback step log:\n${run?.steps.map((s) => `  ${s.index + 1}. [${s.status}] ${s.durationMs ?? "-"} ms  ${s.command}\n      ${s.output.split("\n").join("\n      ")}`).join("\n")}\n  outcome: ${run?.outcome}`,
    );
  }, 120_000);

  it("target never gets healthy: stops at the health wait, reports, starts nothing else, nothing half-renamed", async () => {
    const stack = await deploy(
      { api: images.apiBad, mcp: images.mcpV2 },
      { api: images.apiNeverHealthy, mcp: images.mcpV1 },
      5000,
    );
    const env = envFor(stack);
    const { runId, done } = await start(env);
    expect(await done).toBe("failed");
    const run = await readRun(db, runId);
    const failed = run?.steps.find((s) => s.status === "failed");
    expect(failed?.name).toMatch(/^wait for api healthy/);
    expect(failed?.output).toContain("ROLLBACK HEALTH TIMEOUT");
    const after = run?.steps.filter((s) => s.index > (failed?.index ?? 0)) ?? [];
    expect(after.map((s) => s.status)).toEqual([...Array(after.length - 1).fill("skipped"), "manual"]);
    expect(run?.outcome).toMatch(/failed at step \d+ \(wait for api healthy/);
    expect(run?.outcome).toContain(`${containerOf("mcp")}: exited`);
    expect(run?.outcome).toContain(`${containerOf("api")}: running`);
    // Exactly one container per name, none left aside under another name.
    expect(await asideContainers()).toEqual([]);
    const api = await docker.getContainer(containerOf("api")).inspect();
    expect(api.Image).toBe(images.apiNeverHealthy);
    // The lock is released: a new preview/start is possible.
    expect((await db.rollbackRun.findUnique({ where: { id: runId } }))?.activeLock).toBeNull();
  }, 60_000);

  it("recreate that cannot create the new container restores the old one under its own name", async () => {
    await deploy({ api: images.apiBad, mcp: images.mcpV2 }, null);
    await docker.getContainer(containerOf("api")).stop({ t: 1 });
    const before = await docker.getContainer(containerOf("api")).inspect();
    await expect(
      recreateContainer(docker, containerOf("api"), "warroom-rbtest-api:no-such-tag", "t1"),
    ).rejects.toThrow(
      /recreate warroom-rbtest-api-1 on warroom-rbtest-api:no-such-tag failed: .*No such image/,
    );
    const after = await docker.getContainer(containerOf("api")).inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.Name).toBe(`/${containerOf("api")}`);
    expect(await asideContainers()).toEqual([]);
  });

  it("two concurrent rollback requests: exactly one runs, the other is refused with 409", async () => {
    const stack = await deploy(
      { api: images.apiBad, mcp: images.mcpV2 },
      { api: images.apiGood, mcp: images.mcpV1 },
    );
    const env = envFor(stack);
    const plan = await buildPlan(env, "rollback");
    const req = {
      kind: "rollback" as const,
      requestedBy: "rex",
      reason: "double click",
      confirm: "ROLLBACK",
      planHash: plan.planHash,
    };
    const results = await Promise.allSettled([startRun(env, req), startRun(env, req)]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const reason = (refused[0] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(RollbackRefusal);
    expect((reason as RollbackRefusal).status).toBe(409);
    expect((reason as RollbackRefusal).message).toMatch(/already running|one at a time/);
    expect(await (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof startRun>>>).value.done).toBe(
      "succeeded",
    );
    expect(
      await db.rollbackRun.count({
        where: { runbookId: "rbtest", requestedBy: "rex", reason: "double click" },
      }),
    ).toBe(1);
  }, 90_000);

  it("dashboard restart mid-run: a run whose owner process is gone is marked interrupted with its exact state, not repeated", async () => {
    const stack = await deploy(
      { api: images.apiBad, mcp: images.mcpV2 },
      { api: images.apiGood, mcp: images.mcpV1 },
    );
    const env = envFor(stack);
    const plan = await buildPlan(env, "rollback");
    // A process that existed and is gone: its pid is what a killed dashboard leaves in ownerPid.
    const dead = spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" });
    const deadPid = Number(dead.stdout.trim());
    const runId = "00000000-dead-4000-8000-000000000001";
    const claimed = await claimRun(db, {
      id: runId,
      runbookId: "rbtest",
      kind: "rollback",
      requestedBy: "rex",
      reason: "killed mid-run",
      plan,
      owner: { ...thisInstance(), id: `killed-dashboard:${deadPid}:0`, pid: deadPid },
      audit: audit("rollback", "started (test)", {}),
    });
    expect(claimed.ok).toBe(true);
    // What the dead executor did: the three stops, then it died while re-tagging.
    for (const index of [0, 1, 2]) {
      await docker.getContainer(stack.target.services[index]?.container ?? "").stop({ t: 1 });
      await markStepRunning(db, runId, index, new Date());
      await recordStepResult(db, runId, index, {
        status: "ok",
        output: "stopped",
        finishedAt: new Date(),
        durationMs: 5,
      });
    }
    await markStepRunning(db, runId, 3, new Date());

    // A second start while the dead run holds the lock recovers it first, then refuses nothing.
    const recovered = await recover(env);
    expect(recovered).toEqual([runId]);
    const run = await readRun(db, runId);
    expect(run?.status).toBe("interrupted");
    expect(run?.steps.slice(0, 3).map((s) => s.status)).toEqual(["ok", "ok", "ok"]);
    expect(run?.steps[3]?.status).toBe("interrupted");
    expect(run?.steps[4]?.status).toBe("skipped");
    expect(run?.outcome).toContain(`owner process ${deadPid} is gone`);
    expect(run?.outcome).toContain("Steps done: 1, 2, 3");
    expect(run?.outcome).toContain(`${containerOf("api")}: exited`);
    expect(run?.outcome).toContain("not resumed");
    // Nothing was repeated: the containers are still as the dead run left them.
    expect((await docker.getContainer(containerOf("api")).inspect()).Image).toBe(images.apiBad);
    // The lock is free: the lead re-confirms a fresh plan and it completes from the live state.
    const again = await start(env, "re-run after the dashboard restarted");
    expect(await again.done).toBe("succeeded");
    expect((await docker.getContainer(containerOf("api")).inspect()).Image).toBe(images.apiGood);
  }, 90_000);

  it("a live owner's run is left alone (fresh heartbeat, process alive)", async () => {
    const stack = await deploy(
      { api: images.apiBad, mcp: images.mcpV2 },
      { api: images.apiGood, mcp: images.mcpV1 },
    );
    const env = envFor(stack);
    const plan = await buildPlan(env, "rollback");
    const runId = "00000000-11fe-4000-8000-000000000002";
    await claimRun(db, {
      id: runId,
      runbookId: "rbtest",
      kind: "rollback",
      requestedBy: "rex",
      reason: "other dashboard",
      plan,
      owner: { ...thisInstance(), id: `other-dashboard:${process.ppid}:0`, pid: process.ppid },
      audit: audit("rollback", "x", {}),
    });
    expect(await recover(env)).toEqual([]);
    await expect(start(env)).rejects.toMatchObject({ status: 409 });
    await db.rollbackRun.update({ where: { id: runId }, data: { status: "interrupted", activeLock: null } });
  });
});

describe.skipIf(!engine)(
  "rollback HTTP API: lead only, typed confirmation, origin, one at a time, audited",
  () => {
    const cookies: Record<string, string> = {};
    const saved = { users: process.env.WARROOM_USERS, tokens: process.env.WARROOM_TOKENS };
    let stack: TestStack;

    beforeAll(async () => {
      process.env.WARROOM_USERS = Object.entries(PASSWORDS)
        .map(([id, pw]) => `${id}:${pw}`)
        .join(",");
      process.env.WARROOM_TOKENS = `rex:${REX_TOKEN}`;
      installRunbook();
      for (const p of ["rex", "bolt", "guest"]) {
        const res = await signInPost(request("/api/auth/sign-in", {}, { person: p, password: PASSWORDS[p] }));
        expect(res.status).toBe(200);
        cookies[p] = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      }
      stack = await deploy(
        { api: images.apiBad, mcp: images.mcpV2 },
        { api: images.apiGood, mcp: images.mcpV1 },
      );
      // The routes read the target from the loaded runbook: its actions point at the test stack.
      installRunbook(stack.actions);
    }, 120_000);

    afterAll(() => {
      process.env.WARROOM_USERS = saved.users;
      process.env.WARROOM_TOKENS = saved.tokens;
    });

    const plan = async (caller: Caller) => planGet(request("/api/rollback/plan?kind=rollback", caller));
    const body = (planHash: string, extra: Record<string, string> = {}) => ({
      confirm: "ROLLBACK",
      reason: "5xx above 2% for 5 minutes after the 2222222 deploy",
      planHash,
      ...extra,
    });

    it("preview for anyone signed in; start refused to non-leads (403), without origin, with a wrong word or no reason; two clicks → one 202, one 409", async () => {
      expect((await plan({})).status).toBe(401);
      const boltPlan = await plan({ cookie: cookies.bolt });
      expect(boltPlan.status).toBe(200);
      const preview = (await boltPlan.json()) as { plan: RollbackPlan; canStart: { ok: boolean } };
      expect(preview.canStart.ok).toBe(false);
      expect(preview.plan.confirmWords).toEqual(["ROLLBACK", "sha-1111111"]);
      const hash = preview.plan.planHash;

      for (const who of ["bolt", "guest"]) {
        const res = await startPost(request("/api/rollback/start", { cookie: cookies[who] }, body(hash)));
        expect(res.status, who).toBe(403);
        expect(((await res.json()) as { error: string }).error).toMatch(
          /only the incident lead starts a rollback/,
        );
      }
      const noOrigin = await startPost(
        request("/api/rollback/start", { cookie: cookies.rex, origin: null }, body(hash)),
      );
      expect(noOrigin.status).toBe(403);
      const evil = await startPost(
        request("/api/rollback/start", { cookie: cookies.rex, origin: "https://evil.example" }, body(hash)),
      );
      expect(evil.status).toBe(403);
      const wrongWord = await startPost(
        request("/api/rollback/start", { cookie: cookies.rex }, body(hash, { confirm: "yes" })),
      );
      expect(wrongWord.status).toBe(400);
      expect(((await wrongWord.json()) as { error: string }).error).toMatch(
        /confirm: type "ROLLBACK" or "sha-1111111"/,
      );
      const noReason = await startPost(
        request("/api/rollback/start", { cookie: cookies.rex }, body(hash, { reason: "" })),
      );
      expect(noReason.status).toBe(400);
      const stale = await startPost(
        request("/api/rollback/start", { cookie: cookies.rex }, body("0123456789abcdef")),
      );
      expect(stale.status).toBe(409);
      expect(await db.rollbackRun.count({ where: { reason: { contains: "2222222 deploy" } } })).toBe(0);

      const [a, b] = await Promise.all([
        startPost(
          request("/api/rollback/start", { cookie: cookies.rex }, body(hash, { confirm: "sha-1111111" })),
        ),
        startPost(request("/api/rollback/start", { bearer: REX_TOKEN, origin: null }, body(hash))),
      ]);
      expect([a.status, b.status].sort()).toEqual([202, 409]);
      const accepted = (await (a.status === 202 ? a : b).json()) as { runId: string };
      const refused = (await (a.status === 409 ? a : b).json()) as { error: string };
      expect(refused.error).toMatch(/already running|one at a time/);

      let run: RunView | null = null;
      for (let i = 0; i < 120 && run?.status !== "succeeded" && run?.status !== "failed"; i++) {
        await new Promise((r) => setTimeout(r, 500));
        const res = await runGet(request(`/api/rollback/runs/${accepted.runId}`, { cookie: cookies.guest }), {
          params: Promise.resolve({ id: accepted.runId }),
        });
        expect(res.status).toBe(200);
        run = (await res.json()) as RunView;
      }
      expect(run?.status).toBe("succeeded");
      expect(run?.requestedBy).toBe("rex");

      const audit = await db.auditEntry.findMany({
        where: { action: { in: ["rollback", "rollback.finish"] } },
        orderBy: { id: "asc" },
      });
      const refusedEntries = audit.filter((e) => e.outcome === "refused");
      expect(refusedEntries.map((e) => e.actor)).toEqual(expect.arrayContaining(["bolt", "guest", "rex"]));
      expect(
        audit.some(
          (e) => e.outcome === "ok" && e.action === "rollback" && e.message.includes(accepted.runId),
        ),
      ).toBe(true);
      expect(audit.some((e) => e.action === "rollback.finish" && e.message.includes("succeeded"))).toBe(true);
    }, 120_000);

    it("restart-api: lead only, RESTART typed, runs and verifies /health", async () => {
      const res = await planGet(request("/api/rollback/plan?kind=restart-api", { cookie: cookies.rex }));
      const { plan: p } = (await res.json()) as { plan: RollbackPlan };
      expect(p.steps.map((s) => s.kind)).toEqual(["restart", "wait-healthy", "verify-health"]);
      const bolt = await restartPost(
        request(
          "/api/rollback/restart-api",
          { cookie: cookies.bolt },
          { confirm: "RESTART", reason: "api stuck, safe action first", planHash: p.planHash },
        ),
      );
      expect(bolt.status).toBe(403);
      const ok = await restartPost(
        request(
          "/api/rollback/restart-api",
          { cookie: cookies.rex },
          { confirm: "RESTART", reason: "api stuck, safe action first", planHash: p.planHash },
        ),
      );
      expect(ok.status).toBe(202);
      const { runId } = (await ok.json()) as { runId: string };
      let status = "running";
      for (let i = 0; i < 60 && status === "running"; i++) {
        await new Promise((r) => setTimeout(r, 500));
        status = (await readRun(db, runId))?.status ?? "missing";
      }
      expect(status).toBe("succeeded");
    }, 60_000);

    it("a preview never writes: a run left by a dead dashboard stays as it was until a start (or start-up) recovers it", async () => {
      const dead = spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" });
      const runId = "00000000-dead-4000-8000-000000000002";
      const claimed = await claimRun(db, {
        id: runId,
        // The routes serve the installed runbook: the run must be one of its own to be previewed.
        runbookId: "buywhere-us-launch",
        kind: "rollback",
        requestedBy: "rex",
        reason: "left by a killed dashboard",
        plan: await buildPlan(envFor(stack), "rollback"),
        owner: { ...thisInstance(), id: "killed-dashboard:0", pid: Number(dead.stdout.trim()) },
        audit: audit("rollback", "started (test)", {}),
      });
      expect(claimed.ok).toBe(true);
      const res = await plan({ cookie: cookies.rex });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { activeRun: { id: string } | null }).activeRun?.id).toBe(runId);
      expect((await readRun(db, runId))?.status).toBe("running");
      expect(await recover(envFor(stack))).toEqual([runId]);
    }, 60_000);
  },
);

describe.skipIf(!engine)("dashboard killed mid-rollback (a real process, SIGKILL)", () => {
  it("the run is left running by the dead process; recovery marks it interrupted at the step it was in", async () => {
    // The target never gets healthy and the wait is long: the child is certainly inside step 7 when killed.
    const stack = await deploy(
      { api: images.apiBad, mcp: images.mcpV2 },
      { api: images.apiNeverHealthy, mcp: images.mcpV1 },
      120_000,
    );
    const child = spawn(
      "node_modules/.bin/tsx",
      ["--conditions=react-server", "test/support/rollback-executor-child.ts"],
      {
        env: {
          ...process.env,
          DATABASE_URL: suite.databaseUrl(),
          WARROOM_TEST_TARGET: JSON.stringify(stack.target),
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const runId = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        const m = /started (\S+)/.exec(out);
        if (m?.[1]) {
          clearInterval(t);
          resolve(m[1]);
        }
      }, 100);
      child.once("exit", (code) => reject(new Error(`child exited ${code} before starting: ${out}`)));
    });
    // Wait until the child is inside the health wait, then kill it without a chance to clean up.
    for (let i = 0; i < 100; i++) {
      const run = await readRun(db, runId);
      if (run?.steps.find((s) => s.status === "running")?.name.startsWith("wait for api healthy")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The executor's process (tsx runs it in a node child of its own): the pid the run records.
    const pid = (await readRun(db, runId))?.ownerPid ?? 0;
    expect(pid).toBeGreaterThan(0);
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(pid, "SIGKILL");
    await exited;

    const stuck = await readRun(db, runId);
    expect(stuck?.status).toBe("running");
    const stepBefore = stuck?.steps.find((s) => s.status === "running");
    expect(stepBefore?.name).toMatch(/^wait for api healthy/);

    expect(await recover(envFor(stack))).toEqual([runId]);
    const run = await readRun(db, runId);
    expect(run?.status).toBe("interrupted");
    expect(run?.steps.find((s) => s.index === stepBefore?.index)?.status).toBe("interrupted");
    expect(run?.steps.slice(0, 6).map((s) => s.status)).toEqual(["ok", "ok", "ok", "ok", "ok", "ok"]);
    expect(run?.outcome).toMatch(
      new RegExp(`interrupted during step 7 \\(wait for api healthy.*owner process ${pid} is gone`),
    );
    expect(run?.outcome).toContain(`${containerOf("api")}: running`);
    expect(run?.outcome).toContain("not resumed");
    expect(await asideContainers()).toEqual([]);
    console.log(`killed-mid-run outcome: ${run?.outcome}`);
  }, 90_000);
});
