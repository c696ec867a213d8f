import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STALE_HEARTBEAT_MS } from "@/lib/rollback/recover";
import { type DashboardProcess, startDashboardProcess } from "@/test/support/dashboard-process";
import { minimalRunbook } from "@/test/support/minimal-runbook";
import { buildShopImages, deployShop, removeShop, shopContainer } from "@/test/support/second-stack";
import { createTestDatabase, type TestDatabase, withClient } from "@/test/support/test-database";

// A rollback started on dashboard A while dashboard B previews it and restarts: B's start-up recovery
// judges A's run by its owner instance and heartbeat, so the run is never marked interrupted. The stack's
// worker ignores SIGTERM, so the run's stop of it waits out the runbook's stop timeout — until the test
// kills the worker once B is back and has looked again (its second look comes after a heartbeat could
// have gone stale).
const STOP_TIMEOUT_S = 180;
const REX_TOKEN = "rex-replica-token-abcdefghijklmnopqrstuvwxyz";
const docker = new Docker({ socketPath: "/var/run/docker.sock" });
let database: TestDatabase;
let dir: string;
let env: Record<string, string>;
const running: DashboardProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase("replicasrollback");
  const images = await buildShopImages(docker);
  const stack = await deployShop(docker, images, 30_000, { stopTimeoutS: STOP_TIMEOUT_S });
  dir = mkdtempSync(path.join(tmpdir(), "warroom-replicas-rollback-"));
  const runbook = {
    ...minimalRunbook("replicas-rollback", 1000, [
      { id: "web", kind: "http", label: "Web", url: `http://127.0.0.1:${stack.ports.api}/health` },
    ]),
    people: [{ id: "rex", name: "Rex", role: "lead", domain: "overall" }],
    actions: stack.actions,
  };
  writeFileSync(path.join(dir, "runbook.json"), JSON.stringify(runbook));
  env = {
    DATABASE_URL: database.url,
    WARROOM_RUNBOOK: path.join(dir, "runbook.json"),
    WARROOM_TOKENS: `rex:${REX_TOKEN}`,
  };
}, 120_000);

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await removeShop(docker, false);
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 120_000);

async function start(role: "leader" | "follower"): Promise<DashboardProcess> {
  const p = await startDashboardProcess(env, (h) => h.status === "ok" && h.role === role);
  running.push(p);
  return p;
}

const call = async (base: string, route: string, body?: unknown) => {
  const res = await fetch(`${base}${route}`, {
    method: body ? "POST" : "GET",
    headers: { Authorization: `Bearer ${REX_TOKEN}`, "Content-Type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

type Run = { status: string; ownerInstance: string | null; outcome: string | null };
const readRun = (id: string) =>
  withClient(database.url, (c) =>
    c
      .query(`SELECT status, "ownerInstance", outcome FROM "RollbackRun" WHERE id = $1`, [id])
      .then((r) => r.rows[0] as Run | undefined),
  );

describe("a rollback across two dashboards", () => {
  it("started on A, previewed on B, B restarts: the run goes on on A and is never marked interrupted", {
    timeout: 300_000,
  }, async () => {
    const a = await start("leader");
    const b = await start("follower");
    const preview = await call(a.base, "/api/rollback/plan?kind=rollback");
    expect(preview.status, JSON.stringify(preview.json)).toBe(200);
    const planHash = (preview.json.plan as { planHash: string }).planHash;
    const started = await call(a.base, "/api/rollback/start", {
      confirm: "ROLLBACK",
      reason: "web answers 404 since the 2222222 deploy",
      planHash,
    });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const runId = String(started.json.runId ?? "");
    const ownerA = (await a.health())?.replica.instance;
    expect((await readRun(runId))?.ownerInstance).toBe(ownerA);

    // B previews: it sees A's run in progress and cannot start another (the slot is the database's).
    const atB = await call(b.base, "/api/rollback/plan?kind=rollback");
    expect(atB.status).toBe(200);
    expect(atB.json.activeRun).toMatchObject({ id: runId, status: "running" });
    // B's viewers see the run: A's board, which A stores and B reads on A's NOTIFY.
    const deadline0 = Date.now() + 15_000;
    let onB: unknown = null;
    while (Date.now() < deadline0 && (onB as { id?: string } | null)?.id !== runId) {
      const state = (await fetch(`${b.base}/api/state`).then((r) => r.json())) as {
        rollback?: { run?: unknown };
      };
      onB = state.rollback?.run ?? null;
      if ((onB as { id?: string } | null)?.id !== runId) await new Promise((r) => setTimeout(r, 200));
    }
    expect(onB).toMatchObject({ id: runId });
    const second = await call(b.base, "/api/rollback/start", {
      confirm: "ROLLBACK",
      reason: "a second click on the other dashboard",
      planHash,
    });
    expect(second.status, JSON.stringify(second.json)).toBe(409);

    // B restarts while A's run waits out the worker's stop timeout; its start-up recovery looks at the run.
    await b.kill();
    const b2 = await start("follower");
    const restartedWhile = (await readRun(runId))?.status;
    await new Promise((r) => setTimeout(r, STALE_HEARTBEAT_MS + 2000));
    expect((await readRun(runId))?.status).toBe("running");
    await docker.getContainer(shopContainer("worker")).kill();

    let run: Run | undefined;
    const deadline = Date.now() + 90_000;
    do {
      await new Promise((r) => setTimeout(r, 500));
      run = await readRun(runId);
    } while (run?.status === "running" && Date.now() < deadline);
    console.log(
      `rollback across replicas: run ${runId} on ${ownerA}, status when B was back ${restartedWhile}, finally ${run?.status}`,
    );
    expect(restartedWhile).toBe("running");
    expect(run?.status, run?.outcome ?? "").toBe("succeeded");
    expect(b2.pid).not.toBe(b.pid);
  });
});
