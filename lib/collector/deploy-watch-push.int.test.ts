import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCollector } from "@/lib/collector/collector";
import { startDeployWatch } from "@/lib/collector/deploy-watch-push";
import { closeDb, getDb } from "@/lib/db/client";
import { listDeploys } from "@/lib/db/list-deploys";
import { listEvents } from "@/lib/db/list-events";
import { claimRun, finishRun } from "@/lib/db/rollback-runs";
import { getWatchState } from "@/lib/deploys/watch-state";
import type { Reading } from "@/lib/model/probe";
import type { RollbackPlan } from "@/lib/model/rollback";
import type { EventWatch, WatchOptions } from "@/lib/probes/infra/docker-events";
import type { ContainerEvent } from "@/lib/probes/infra/docker-events-parse";
import { parseRollbackState } from "@/lib/rollback/rollback-state";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { thisInstance } from "@/lib/runtime/instance";
import { resetProcessState } from "@/lib/runtime/process-state";
import {
  DEPLOY_CONTAINER,
  DEPLOY_PROJECT,
  DEPLOY_REPO,
  writeDeployRunbook,
} from "@/test/support/deploy-watch-stack";
import { testAudit } from "@/test/support/rollback-fixture";

// The event handling without an engine: the engine's answers come from `engine` below (what a container
// runs, its health), the events are handed in as the stream would deliver them, the smoke checks are real
// HTTP probes against a server that answers like the image it "runs", and storage is PGlite.
// deploy-watch.int.test.ts runs the same path on the real engine.
const GOOD = `sha256:${"5".repeat(64)}`;
const BAD = `sha256:${"6".repeat(64)}`;
const TAGS: Record<string, string[]> = {
  [GOOD]: [`${DEPLOY_REPO}:sha-5555555`],
  [BAD]: [`${DEPLOY_REPO}:sha-6666666`],
};
const engine = { image: GOOD, health: "healthy" as string | null, startedAt: new Date().toISOString() };
const docker = {
  modem: { socketPath: "/nonexistent/docker.sock" },
  getContainer: (name: string) => ({
    inspect: async () => {
      if (name !== DEPLOY_CONTAINER) throw Object.assign(new Error("no such container"), { statusCode: 404 });
      return {
        Image: engine.image,
        State: { StartedAt: engine.startedAt, Health: engine.health ? { Status: engine.health } : undefined },
      };
    },
  }),
  getImage: (id: string) => ({ inspect: async () => ({ RepoTags: TAGS[id] ?? [] }) }),
} as unknown as Docker;

const dir = mkdtempSync(path.join(tmpdir(), "warroom-deploy-push-"));
let server: Server;
let watchOptions: WatchOptions | null = null;
let stop: () => void = () => {};
let idle: () => Promise<void> = async () => {};
let stateFile = "";
const published: number[] = [];
const accepted: Reading[] = [];

const event = (action: string, health: string | null = null): ContainerEvent => ({
  action,
  health,
  id: "c0ffee".repeat(10),
  name: DEPLOY_CONTAINER,
  project: DEPLOY_PROJECT,
  service: "web",
  exitCode: null,
  engineTimeMs: Date.now(),
});

/** A run of warroom's own, as the executor claims it: the primary's planned image (null: a restart). */
async function claimOwnRun(kind: "rollback" | "restart-api", image: string | null) {
  const db = await getDb();
  const runId = randomUUID();
  const plan = { services: [{ target: image ? { id: image } : null }], steps: [] } as unknown as RollbackPlan;
  const audit = testAudit("rbdeploy")(kind, `test ${kind}`, {});
  const run = {
    id: runId,
    runbookId: "rbdeploy",
    kind,
    requestedBy: "rex",
    reason: kind,
    plan,
    owner: thisInstance(),
  };
  await claimRun(db, { ...run, incidentId: null, audit });
  const finish = () => finishRun(db, runId, { status: "succeeded", outcome: "ok", at: new Date(), audit });
  return { runId, finish };
}

beforeAll(async () => {
  resetProcessState("deploys.watch", "db.client");
  process.env.WARROOM_DATA_DIR = path.join(dir, "pglite");
  delete process.env.DATABASE_URL;
  server = createServer((req, res) => {
    const healthy = engine.image === GOOD;
    if (req.url?.startsWith("/health") && healthy) return res.end('{"status":"ok"}');
    if (req.url?.startsWith("/v1/search")) return res.end('{"total":1,"products":[{"name":"Laptop"}]}');
    res.statusCode = 404;
    res.end("not found");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const written = writeDeployRunbook(dir, port);
  stateFile = written.stateFile;
  const runbook = parseRunbook(JSON.parse(readFileSync(written.file, "utf8")), "test");
  const collector = startCollector({ runbook, onCycle: () => undefined });
  const watch = startDeployWatch({
    runbook,
    runCheck: (id) => collector.runCheck(id),
    onReading: (reading) => accepted.push(reading),
    publish: () => published.push(Date.now()),
    docker,
    watch: (options): EventWatch => {
      watchOptions = options;
      return { stop: () => undefined, status: () => ({ kind: "connected" }) };
    },
    log: () => undefined,
  });
  if (!watch) throw new Error("the runbook's deploy watch did not start");
  stop = () => {
    watch.stop();
    collector.stop();
  };
  idle = watch.idle;
  watchOptions?.onStatus({ kind: "connected" });
  await idle();
}, 60_000);

afterAll(async () => {
  stop();
  await new Promise((r) => server.close(r));
  await closeDb();
  rmSync(dir, { recursive: true, force: true });
});

describe("deploy watch event handling (PGlite, engine answers given)", () => {
  it("the first sighting is a baseline, not a deploy", async () => {
    expect(getWatchState().current).toEqual({ id: GOOD, tag: "sha-5555555" });
    expect(await listDeploys(await getDb(), "rbdeploy")).toEqual([]);
  });

  it("a start of the same image (a crash restart) records nothing", async () => {
    watchOptions?.onEvent(event("start"));
    await idle();
    expect(await listDeploys(await getDb(), "rbdeploy")).toEqual([]);
  });

  it("a start on another image: deploy stored and logged, state = the replaced image, smoke run at once", async () => {
    engine.image = BAD;
    engine.health = "starting";
    watchOptions?.onEvent(event("start"));
    await idle();
    const [d] = getWatchState().recent;
    expect(d).toMatchObject({ kind: "deploy", from: { tag: "sha-5555555" }, to: { tag: "sha-6666666" } });
    expect(d?.smoke?.results.map((r) => [r.id, r.status])).toEqual([
      ["t1", "fail"],
      ["t2", "pass"],
    ]);
    expect(d?.smoke?.note).toMatch(/health was still starting/);
    expect(accepted.map((r) => r.checkId).sort()).toEqual(["web-health", "web-search"]);
    const state = parseRollbackState(readFileSync(stateFile, "utf8"));
    expect(state).toMatchObject({ PREV_API_IMAGE: GOOD, PREV_SHA: "5555555", DEPLOY_SHA: "6666666" });
    const db = await getDb();
    const [stored] = await listDeploys(db, "rbdeploy");
    expect(stored?.smoke?.results).toHaveLength(2);
    const events = await listEvents(db, { limit: 10 });
    expect(events.find((e) => e.kind === "deploy")?.message).toContain("sha-5555555 → sha-6666666");
  });

  it("the suite runs again when the engine reports the container's health", async () => {
    const before = accepted.length;
    engine.health = "unhealthy";
    watchOptions?.onEvent(event("health_status", "unhealthy"));
    await idle();
    expect(accepted.length).toBe(before + 2);
    expect(getWatchState().recent[0]?.smoke?.note).toBeNull();
  });

  it("warroom's own rollback to the planned image is recorded as a rollback; the state is left to the run", async () => {
    const db = await getDb();
    const { runId, finish } = await claimOwnRun("rollback", GOOD);
    const stateBefore = readFileSync(stateFile, "utf8");
    engine.image = GOOD;
    engine.health = "healthy";
    watchOptions?.onEvent(event("start"));
    await idle();
    await finish();
    const [r] = getWatchState().recent;
    expect(r).toMatchObject({ kind: "rollback", runId, to: { id: GOOD } });
    expect(r?.smoke).toBeNull();
    expect(r?.stateNote).toMatch(/left to warroom's rollback run/);
    expect(readFileSync(stateFile, "utf8")).toBe(stateBefore);
    expect((await listDeploys(db, "rbdeploy")).map((x) => x.kind)).toEqual(["rollback", "deploy"]);
  });

  it("warroom's restart (same image) is recorded as a restart; the state file is untouched", async () => {
    const db = await getDb();
    const { runId, finish } = await claimOwnRun("restart-api", null);
    const stateBefore = readFileSync(stateFile, "utf8");
    watchOptions?.onEvent(event("start"));
    await idle();
    await finish();
    expect(getWatchState().recent[0]).toMatchObject({
      kind: "restart",
      runId,
      from: { id: GOOD },
      to: { id: GOOD },
    });
    expect(readFileSync(stateFile, "utf8")).toBe(stateBefore);
    expect((await listDeploys(db, "rbdeploy")).map((x) => x.kind)).toEqual(["restart", "rollback", "deploy"]);
  });

  it("a deploy while warroom was away is seen when the engine connects again", async () => {
    engine.image = BAD;
    watchOptions?.onStatus({ kind: "connected" });
    await idle();
    expect(getWatchState().recent[0]).toMatchObject({ kind: "deploy", from: { id: GOOD }, to: { id: BAD } });
  });
});
