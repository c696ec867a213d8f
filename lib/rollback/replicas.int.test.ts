import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/lib/db/client";
import { claimRun, heartbeatRun, readRun } from "@/lib/db/rollback-runs";
import type { RollbackPlan } from "@/lib/model/rollback";
import { abortRun } from "@/lib/rollback/abort-run";
import { recoverOrphanedRuns, STALE_HEARTBEAT_MS } from "@/lib/rollback/recover";
import type { Instance } from "@/lib/runtime/instance";
import { testAudit } from "@/test/support/rollback-fixture";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// Two dashboards on one PostgreSQL, in different containers or hosts: their pids mean nothing to each
// other. The run's single slot holds across them, and B judges A's run by A's heartbeat alone.
const A: Instance = { id: "warroom-a:7:aaaa0001", scope: "boot-a/pid:[1]", pid: 7 };
const B: Instance = { id: "warroom-b:7:bbbb0002", scope: "boot-b/pid:[1]", pid: 7 };
const audit = testAudit("replicas");
const recoveryAudit = (message: string, data: Record<string, string | number | null>) =>
  audit("rollback.recover", message, data);
const plan: RollbackPlan = {
  kind: "rollback",
  project: "buywhere-api",
  builtAt: new Date().toISOString(),
  planHash: "0123456789abcdef",
  confirmWords: ["ROLLBACK"],
  source: "rollback-state",
  sourceDetail: "PREV_API_IMAGE",
  services: [],
  steps: [{ name: "stop api", command: "docker stop buywhere-api-api-1", kind: "stop", args: {} }],
  blocked: null,
};
// Never called: with no stack target recovery describes nothing from the engine.
const docker = new Docker({ socketPath: "/nonexistent.sock" });

let database: TestDatabase;
let db: Awaited<ReturnType<typeof openDb>>;

beforeAll(async () => {
  database = await createTestDatabase("replicas");
  db = await openDb({ kind: "postgres", url: database.url });
}, 60_000);

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const claim = (id: string, owner: Instance) =>
  claimRun(db.client, {
    id,
    runbookId: "replicas",
    kind: "rollback",
    requestedBy: "rex",
    reason: `started on ${owner.id}`,
    plan,
    owner,
    audit: audit("rollback", "started (test)"),
  });

describe("single-flight across dashboards", () => {
  it("one run at a time whichever dashboard starts it; abort from either; the other never interrupts a run whose owner beats; a silent owner is recovered", async () => {
    const runA = "00000000-aaaa-4000-8000-000000000001";
    expect(await claim(runA, A)).toEqual({ ok: true });
    // B's click while A runs: refused, naming A's run (the slot is one unique row, not a process lock).
    const second = await claim("00000000-bbbb-4000-8000-000000000002", B);
    expect(second).toMatchObject({ ok: false, active: { id: runA, requestedBy: "rex" } });

    // B restarts and recovers: A's pid 7 is dead or someone else on B's host — it must not matter.
    const now = new Date();
    expect(await recoverOrphanedRuns(db.client, docker, null, recoveryAudit, now, B)).toEqual([]);
    expect((await readRun(db.client, runA))?.status).toBe("running");
    // Only the owner's heartbeat counts.
    expect(await heartbeatRun(db.client, runA, B.id, now)).toEqual({ owned: false });
    expect(await heartbeatRun(db.client, runA, A.id, now)).toEqual({ owned: true, abort: null });

    // Rex aborts from B: B does not execute the run, so the request goes through the database and A reads
    // it with its next heartbeat; a second click is refused.
    const abortEnv = { db: db.client, runbookId: "replicas", audit: (a: string, m: string) => audit(a, m) };
    expect(await abortRun(abortEnv, { runId: runA, by: "rex", reason: "wrong image" })).toEqual({
      runId: runA,
      status: "aborting",
    });
    await expect(abortRun(abortEnv, { runId: runA, by: "rex", reason: null })).rejects.toMatchObject({
      status: 409,
    });
    expect(await heartbeatRun(db.client, runA, A.id, now)).toEqual({
      owned: true,
      abort: { by: "rex", reason: "wrong image" },
    });

    // A goes silent: once its heartbeat is stale, B marks the run interrupted and the slot is free.
    const later = new Date(now.getTime() + STALE_HEARTBEAT_MS + 1000);
    expect(await recoverOrphanedRuns(db.client, docker, null, recoveryAudit, later, B)).toEqual([runA]);
    const run = await readRun(db.client, runA);
    expect(run?.status).toBe("interrupted");
    expect(run?.outcome).toMatch(/owner warroom-a:7:aaaa0001 stopped beating/);
    // A, deposed, learns it at its next beat and stops (the executor's stillOwned).
    expect(await heartbeatRun(db.client, runA, A.id, later)).toEqual({ owned: false });
    expect(await claim("00000000-bbbb-4000-8000-000000000003", B)).toEqual({ ok: true });
  });
});
