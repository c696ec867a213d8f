import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeBoard } from "@/lib/collector/publish-board";
import { startWarroom } from "@/lib/collector/start-warroom";
import { closeDb, getDb } from "@/lib/db/client";
import { listDeploys } from "@/lib/db/list-deploys";
import { listEvents } from "@/lib/db/list-events";
import { getHub } from "@/lib/hub/hub";
import type { BoardState } from "@/lib/model/board";
import { parseRollbackState } from "@/lib/rollback/rollback-state";
import { buildPlan, startRun } from "@/lib/rollback/start-run";
import { resolveActions } from "@/lib/rollback/target";
import { DOCKER_SOCKET, freePort, isDockerAvailable } from "@/scripts/services/test-servers";
import { waitFor } from "@/sim/testing/net";
import {
  buildDeployImages,
  DEPLOY_CONTAINER,
  type DeployImages,
  deployWeb,
  removeDeployStack,
  writeDeployRunbook,
} from "@/test/support/deploy-watch-stack";
import { type EngineEvent, followEngine } from "@/test/support/engine-events";
import { testAudit } from "@/test/support/rollback-fixture";

// The deploy watch through startWarroom as the server runs it, on the real engine: a new sha- image on the
// primary is recorded, the rollback state names the image it replaced, the smoke suite's results reach the
// board; warroom's own rollback is recorded as a rollback and leaves the state to the run.
const available = await isDockerAvailable();
if (!available) console.warn(`deploy-watch.int.test.ts skipped: no Docker engine at ${DOCKER_SOCKET}`);

const docker = new Docker({ socketPath: DOCKER_SOCKET });
const dir = mkdtempSync(path.join(tmpdir(), "warroom-rbdeploy-"));
const published: Array<{ at: number; state: BoardState }> = [];
let starts: EngineEvent[] = [];
let stopEvents: () => void = () => {};
let images: DeployImages;
let port = 0;
let stateFile = "";

/** Polls `fn` until it gives a value (false/null count as none). */
const until = <T>(what: string, fn: () => T | Promise<T>, timeoutMs = 30_000) =>
  waitFor(async () => (await fn()) || undefined, what, timeoutMs) as Promise<NonNullable<T>>;

beforeAll(async () => {
  if (!available) return;
  images = await buildDeployImages(docker);
  port = await freePort();
  await deployWeb(docker, images.good, port);
  const engine = await followEngine(docker, ["start"]);
  starts = engine.events;
  stopEvents = engine.stop;
  // A 1 s interval: the health rule counts readings taken after the deploy.
  const written = writeDeployRunbook(dir, port, 1000);
  stateFile = written.stateFile;
  process.env.WARROOM_RUNBOOK = written.file;
  process.env.WARROOM_DATA_DIR = path.join(dir, "pglite");
  delete process.env.DATABASE_URL;
  await startWarroom();
  subscribeBoard((state) => published.push({ at: Date.now(), state }));
  await until("storage ready", () => getHub().storage.ready, 60_000);
  await until("the watch's baseline", () => getHub().state?.deployWatch?.current?.id === images.good);
}, 180_000);

afterAll(async () => {
  if (!available) return;
  const hub = getHub();
  hub.collector?.stop();
  hub.eventPush?.stop();
  stopEvents();
  await removeDeployStack(docker, true);
  await closeDb();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(available)("deploy watch (real engine, warroom-rbdeploy-*)", () => {
  it("a new sha- image on the primary: deploy recorded, rollback state = the replaced image, smoke results on the board", async () => {
    const since = Date.now();
    await deployWeb(docker, images.bad, port);
    const event = await until("engine start event", () =>
      starts.find((s) => s.name === DEPLOY_CONTAINER && s.timeMs >= since - 5),
    );
    const shown = await until("smoke results on the board", () =>
      published.find((p) => {
        const d = p.state.deployWatch?.latest;
        return p.at >= since && d?.kind === "deploy" && d.to.id === images.bad && d.smoke?.finishedAt;
      }),
    );
    console.log(`deploy event → smoke results on the board: ${(shown.at - event.timeMs).toFixed(0)} ms`);
    const statuses = (p: (typeof published)[number]) =>
      p.state.deployWatch?.latest?.smoke?.results.map((r) => `${r.id} ${r.status}`).join(", ");
    // The first run may catch httpd before it listens (the container's health is still starting, the board
    // says so); the run after the engine's health report is final. The bad image fails T1 only.
    const judged = await until(
      "T1 fail, T2 pass on the board",
      () =>
        published.find(
          (p) =>
            p.at >= shown.at &&
            statuses(p) === "t1 fail, t2 pass" &&
            p.state.deployWatch?.latest?.smoke?.finishedAt,
        ),
      60_000,
    ).catch(() => {
      throw new Error(`smoke results seen: ${[...new Set(published.map(statuses))].join(" | ")}`);
    });
    const deploy = judged.state.deployWatch?.latest;
    expect(deploy?.from).toEqual({ id: images.good, tag: "sha-5555555" });
    expect(deploy?.to).toEqual({ id: images.bad, tag: "sha-6666666" });
    expect(deploy?.stateNote).toContain("PREV_API_IMAGE=sha-5555555");
    const state = parseRollbackState(await readFile(stateFile, "utf8"));
    expect(state).toMatchObject({ PREV_API_IMAGE: images.good, PREV_SHA: "5555555", DEPLOY_SHA: "6666666" });
    expect(shown.state.deployWatch?.window?.open).toBe(true);

    const db = await getDb();
    const stored = await until("smoke stored", async () => {
      const [row] = await listDeploys(db, "rbdeploy", { limit: 1 });
      return row?.smoke?.finishedAt ? row : null;
    });
    expect(stored?.kind).toBe("deploy");
    const events = await listEvents(db, { limit: 50 });
    expect(events.some((e) => e.kind === "deploy" && e.message.includes("sha-5555555 → sha-6666666"))).toBe(
      true,
    );
  }, 90_000);

  it("three failing health readings after the new container's start period recommend rollback, with the samples", async () => {
    const hub = getHub();
    // The bad image's start period is 30 s: the engine reports it unhealthy after that, then 3 readings at 1 s.
    const rec = await until(
      "rollback recommended",
      () => hub.state?.triggers?.rollbackRecommended.find((r) => r.ruleId === "deploy-health-failures"),
      90_000,
    );
    expect(rec.sampleCount).toBe(3);
    expect(rec.source).toBe("test deploy runbook §4");
  }, 120_000);

  it("warroom's own rollback recreates the primary: recorded as a rollback, the state never names the bad image", async () => {
    const db = await getDb();
    const loaded = getHub().loaded;
    const target = resolveActions(loaded?.runbook.actions).target;
    if (!target) throw new Error("no target");
    const env = {
      db,
      docker,
      target,
      runbookId: "rbdeploy",
      audit: testAudit("rbdeploy"),
      onChange: () => undefined,
    };
    const plan = await buildPlan(env, "rollback");
    // The watch's state file is what the rollback goes back to.
    expect(plan.source).toBe("rollback-state");
    expect(plan.services[0]?.target?.id).toBe(images.good);
    const { runId, done } = await startRun(env, {
      kind: "rollback",
      requestedBy: "rex",
      reason: "T1 health fails since the deploy of sha-6666666",
      confirm: "ROLLBACK",
      planHash: plan.planHash,
    });
    expect(await done).toBe("succeeded");
    const seen = await until("rollback seen by the watch", () => {
      const latest = getHub().state?.deployWatch?.latest;
      return latest?.kind === "rollback" && latest.runId === runId ? latest : null;
    });
    expect(seen.to.id).toBe(images.good);
    expect(seen.smoke).toBeNull();
    const rows = await listDeploys(db, "rbdeploy", { limit: 10 });
    expect(rows.map((r) => r.kind)).toEqual(["rollback", "deploy"]);
    const state = parseRollbackState(await readFile(stateFile, "utf8"));
    expect(state.PREV_API_IMAGE).toBe(images.good);
    expect(JSON.stringify(state)).not.toContain(images.bad);
    // The rollback closed the window: nothing recommends rolling back the release just restored.
    expect(getHub().state?.deployWatch?.window).toBeNull();
    expect(getHub().state?.triggers?.rollbackRecommended.some((r) => r.ruleId.startsWith("deploy-"))).toBe(
      false,
    );
  }, 90_000);
});
