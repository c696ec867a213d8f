import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as servicePost } from "@/app/api/rollback/service-action/route";
import { readRun } from "@/lib/db/rollback-runs";
import type { RunbookActions } from "@/lib/model/actions-schema";
import type { RollbackTarget, RunKind, RunView } from "@/lib/model/rollback";
import { runbookSchema } from "@/lib/model/runbook-schema";
import { containerLogs } from "@/lib/rollback/container-logs";
import { buildPlan, type RollbackEnv, startRun } from "@/lib/rollback/start-run";
import { resolveActions } from "@/lib/rollback/target";
import { buildDealScout } from "@/lib/runbook/presets/deal-scout";
import { installRunbook, REX_TOKEN, request } from "@/test/support/launch-harness";
import { testAudit } from "@/test/support/rollback-fixture";
import { rollbackSuite } from "@/test/support/rollback-suite";
import { unmountDisk } from "../docker/host-disk";
import { importRootfs } from "../docker/import-image";
import { type DsService, dsContainerName } from "./ds-config";
import { type DsFault, readDsFaults, setDsFault } from "./ds-faults";
import { dsStackUp } from "./ds-up";

// Deal Scout's safe actions (runbook 003) and its rollback, run by warroom's executor on Deal Scout's own
// containerised stack: each scenario switched on, the action started as the lead would, the scenario gone.
const RUN = `${process.pid}`;
const DECOY = `warroom-dsact-decoy-${RUN}`;
const BOLT_TOKEN = "bolt-bot-token-abcdefghijklmnopqrstuvwxyz";
const started = performance.now();

let stateDir = "";
let files = "";
const env: Record<string, string> = {};
const suite = await rollbackSuite({
  runbookId: "dsactions",
  prepare: async (docker) => {
    stateDir = await mkdtemp(join(tmpdir(), "warroom-dsact-"));
    env.WARROOM_DS_STACK_DIR = stateDir;
    const up = await dsStackUp({ env, docker });
    console.info(`deal-scout stack up in ${up.elapsedMs} ms`);
    await decoy(docker);
  },
  cleanup: async (docker) => {
    await resetFaults();
    await docker
      .getContainer(DECOY)
      .remove({ force: true })
      .catch(() => undefined);
    await docker
      .getImage(`${DECOY}:latest`)
      .remove({ force: true })
      .catch(() => undefined);
    // The project's global setup takes the stack down after the last file; this file's disk only.
    if (stateDir) await unmountDisk(join(stateDir, "disk")).catch(() => undefined);
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
    if (files) rmSync(files, { recursive: true, force: true });
    console.info(`dealscout-actions: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
  },
});
const { docker, engine } = suite;

/** A container labelled as the BuyWhere project (service names Deal Scout uses too): never to be touched. */
async function decoy(d: typeof docker) {
  const root = mkdtempSync(join(tmpdir(), "warroom-dsact-decoy-"));
  try {
    mkdirSync(join(root, "bin"), { recursive: true });
    copyFileSync("/bin/busybox", join(root, "bin/busybox"));
    chmodSync(join(root, "bin/busybox"), 0o755);
    for (const applet of ["sh", "sleep"]) symlinkSync("busybox", join(root, "bin", applet));
    await importRootfs(d, root, { repo: DECOY, tag: "latest" }, [
      "ENV PATH=/bin",
      'CMD ["/bin/sh", "-c", "trap \'exit 0\' TERM; while true; do sleep 1; done"]',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const c = await d.createContainer({
    name: DECOY,
    Image: `${DECOY}:latest`,
    Labels: { "com.docker.compose.project": "buywhere-api", "com.docker.compose.service": "worker" },
    HostConfig: { NetworkMode: "none" },
  });
  await c.start();
}

async function buyWhereSnapshot(): Promise<string[]> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: ["com.docker.compose.project=buywhere-api"] },
  });
  const seen = await Promise.all(list.map((c) => docker.getContainer(c.Id).inspect()));
  return seen.map((i) => `${i.Name} ${i.Id} ${i.Image} ${i.State.Status} ${i.State.StartedAt}`).sort();
}

async function resetFaults() {
  const on = await readDsFaults({ env, docker }).catch(() => null);
  for (const [fault, isOn] of Object.entries(on ?? {}))
    if (isOn) await setDsFault(fault as DsFault, false, { env, docker }).catch(() => undefined);
}

let target: RollbackTarget;
let actions: RunbookActions;
let buyWhereBefore: string[] = [];
const audit = testAudit("dsactions");

function rollbackEnv(): RollbackEnv {
  return { db: suite.db(), docker, target, runbookId: "dsactions", audit, onChange: () => undefined };
}

async function run(kind: RunKind, action?: string): Promise<RunView> {
  const e = rollbackEnv();
  const plan = await buildPlan(e, kind, action);
  expect(plan.blocked, `${action ?? kind}: ${plan.blocked}`).toBeNull();
  const s = await startRun(e, {
    kind,
    ...(action ? { action } : {}),
    requestedBy: "rex",
    reason: `test of ${action ?? kind} on deal-scout`,
    confirm: plan.confirmWords[0] ?? "",
    planHash: plan.planHash,
  });
  const status = await s.done;
  const view = (await readRun(suite.db(), s.runId)) as RunView;
  const shown = view.steps.map((st) => `${st.index + 1}. [${st.status}] ${st.name}\n${st.output}`).join("\n");
  expect(status, `${action ?? kind}: ${view.outcome}\n${shown}`).toBe("succeeded");
  return view;
}

const isOn = async (fault: DsFault) => (await readDsFaults({ env, docker }))[fault];
const on = (fault: DsFault) => setDsFault(fault, true, { env, docker });
const inspect = (s: DsService) => docker.getContainer(dsContainerName(s)).inspect();
const DAY = 86_400_000;

describe.skipIf(!engine)("Deal Scout's safe actions and rollback on its containerised stack", () => {
  beforeAll(async () => {
    buyWhereBefore = await buyWhereSnapshot();
    files = mkdtempSync(join(tmpdir(), "warroom-dsact-files-"));
    const urls = { backend: "http://127.0.0.1:27100" };
    const parsed = runbookSchema.parse(
      buildDealScout({
        WARROOM_DEALSCOUT_URL: urls.backend,
        WARROOM_DEALSCOUT_LOG_DIR: join(files, "log"),
        WARROOM_DEALSCOUT_BACKUP_DIR: join(files, "backups"),
        WARROOM_DEALSCOUT_ROLLBACK_STATE: join(stateDir, ".rollback_state"),
      }),
    );
    actions = parsed.actions as RunbookActions;
    const resolved = resolveActions(actions, {});
    target = resolved.target as RollbackTarget;
    // Never the shared engine's other dangling images: only the files and the build cache here.
    if (target.cleanup) target.cleanup.onlyLabel = `com.warroom.dsact=${RUN}`;
  });

  afterAll(async () => {
    // Whatever Deal Scout's actions did, BuyWhere's project (and the decoy labelled as it) is as it was.
    expect(await buyWhereSnapshot()).toEqual(buyWhereBefore);
    expect(buyWhereBefore.some((l) => l.includes(DECOY))).toBe(true);
  });

  it("plans: every action runnable on this stack, scaling refused with why (host networking)", async () => {
    const e = rollbackEnv();
    for (const a of target.serviceActions ?? []) {
      const plan = await buildPlan(e, "service-action", a.id);
      if (a.id === "scale-backend") {
        expect(plan.blocked).toMatch(/backend runs on the host's network .*a second one cannot start/);
        expect(plan.steps.map((s) => s.command)).toEqual([
          "docker compose -p deal-scout up -d --scale backend=5",
        ]);
      } else expect(plan.blocked, a.id).toBeNull();
    }
    const unknown = await buildPlan(e, "service-action", "flushall");
    expect(unknown.blocked).toMatch(/no service action "flushall"; this runbook has: restart-postgres/);
    const redis = await buildPlan(e, "service-action", "restart-redis");
    expect(redis.steps.find((s) => s.kind === "manual")).toMatchObject({
      command: "redis-cli FLUSHALL",
      warning: expect.stringMatching(/WARNING: Clears all data/),
    });
  });

  it("HTTP: only the lead starts one (403 for an owner, audited), a second start while one runs is refused (409)", async () => {
    const saved = process.env.WARROOM_TOKENS;
    process.env.WARROOM_TOKENS = `rex:${REX_TOKEN},bolt:${BOLT_TOKEN}`;
    try {
      installRunbook(actions);
      const plan = await buildPlan(rollbackEnv(), "service-action", "restart-beat");
      const body = (extra: Record<string, string> = {}) => ({
        action: "restart-beat",
        confirm: "RESTART BEAT",
        reason: "beat stopped scheduling scans",
        planHash: plan.planHash,
        ...extra,
      });
      const bolt = await servicePost(
        request("/api/rollback/service-action", { bearer: BOLT_TOKEN, origin: null }, body()),
      );
      expect(bolt.status).toBe(403);
      const wrong = await servicePost(
        request(
          "/api/rollback/service-action",
          { bearer: REX_TOKEN, origin: null },
          body({ confirm: "RESTART" }),
        ),
      );
      expect(wrong.status).toBe(400);
      const first = await servicePost(
        request("/api/rollback/service-action", { bearer: REX_TOKEN, origin: null }, body()),
      );
      expect(first.status).toBe(202);
      const second = await servicePost(
        request("/api/rollback/service-action", { bearer: REX_TOKEN, origin: null }, body()),
      );
      expect(second.status).toBe(409);
      expect(((await second.json()) as { error: string }).error).toMatch(/already running|one at a time/);
      const { runId } = (await first.json()) as { runId: string };
      let view: RunView | null = null;
      for (let i = 0; i < 120 && (!view || view.status === "running"); i++) {
        await new Promise((r) => setTimeout(r, 500));
        view = await readRun(suite.db(), runId);
      }
      expect(view?.status, view?.outcome ?? "").toBe("succeeded");
      // Beat restarted, and the runbook's `celery inspect scheduled` answered by the worker.
      expect(view?.steps.map((s) => s.name)).toEqual([
        "restart beat",
        "wait for beat healthy (≤ 120 s)",
        "celery inspect scheduled",
      ]);
      expect(view?.steps[2]?.output).toMatch(/worker1@deal-scout: OK/);
      const entries = await suite
        .db()
        .auditEntry.findMany({ where: { action: { startsWith: "service-action" } } });
      expect(entries.some((e) => e.actor === "bolt" && e.outcome === "refused")).toBe(true);
      expect(
        entries.some((e) => e.action === "service-action" && e.outcome === "ok" && e.message.includes(runId)),
      ).toBe(true);
      expect(
        entries.some((e) => e.action === "service-action.finish" && e.message.includes("succeeded")),
      ).toBe(true);
    } finally {
      process.env.WARROOM_TOKENS = saved;
    }
  });

  it("transient errors, pool exhausted, latency: restart backend clears all three and verifies /health", async () => {
    await on("errors");
    await on("db-connections");
    await on("latency");
    const view = await run("restart-api");
    expect(view.steps.map((s) => s.status)).toEqual(["ok", "ok", "ok"]);
    const faults = await readDsFaults({ env, docker });
    expect([faults.errors, faults["db-connections"], faults.latency]).toEqual([false, false, false]);
  });

  it("database locked: restart postgres, pg_isready, the backend reconnected", async () => {
    await on("db-locks");
    const view = await run("service-action", "restart-postgres");
    expect(view.steps.find((s) => s.name === "pg_isready")?.output).toMatch(/accepting connections/);
    expect(await isOn("db-locks")).toBe(false);
  });

  it("Redis down: restart redis, PING answers PONG", async () => {
    await on("redis-down");
    const view = await run("service-action", "restart-redis");
    expect(view.steps.find((s) => s.name === "redis-cli ping")?.output).toMatch(/PONG/);
    expect(await isOn("redis-down")).toBe(false);
  });

  it("workers dead: restart worker, the queue watched until it falls", async () => {
    await on("no-workers");
    const view = await run("service-action", "restart-worker");
    expect(view.steps.find((s) => s.name.startsWith("watch the queue"))?.output).toMatch(/\d+\.\d s: \d+/);
    expect(await isOn("no-workers")).toBe(false);
  });

  it("workers hung: kill, remove, recreate the worker; the backlog falls", async () => {
    await on("queue-backlog");
    const before = await inspect("worker");
    const view = await run("service-action", "recreate-worker");
    expect(view.steps.map((s) => s.name).slice(0, 2)).toEqual([
      "kill worker",
      "remove and recreate worker (same image, same config)",
    ]);
    const after = await inspect("worker");
    expect(after.Id).not.toBe(before.Id);
    expect(after.Image).toBe(before.Image);
    expect(after.Config.Env).toEqual(before.Config.Env);
    const readings =
      (view.steps.find((s) => s.name.startsWith("watch the queue"))?.output ?? "")
        .match(/: (\d+)$/gm)
        ?.map((l) => Number(l.slice(2))) ?? [];
    expect(readings.at(-1)).toBeLessThan(readings[0] ?? 0);
    // The rest of the backlog would hold up the next tests' tasks (the queue is first in, first out).
    await setDsFault("queue-backlog", false, { env, docker });
  });

  it("memory: the service using the most memory (the backend, leaking) restarted, its memory back down", async () => {
    await on("memory");
    const view = await run("service-action", "restart-high-memory");
    expect(view.steps[0]?.name).toMatch(/^restart backend \(highest memory: \d+ MiB\)$/);
    expect(await isOn("memory")).toBe(false);
    const backend = view.steps.find((s) => s.name === "memory after (docker stats)")?.output ?? "";
    const pct = Number(backend.match(/deal-scout-backend-1: .*\(([\d.]+)%\)/)?.[1]);
    expect(pct).toBeLessThan(85);
  });

  it("retry failed notifications: send_notifications queued and received by the worker", async () => {
    const view = await run("service-action", "retry-notifications");
    const id = view.steps[0]?.output.match(/[0-9a-f-]{36}/)?.[0];
    expect(id).toBeTruthy();
    let logs = "";
    for (let i = 0; i < 20 && !logs.includes(id ?? "?"); i++) {
      await new Promise((r) => setTimeout(r, 500));
      logs = await containerLogs(docker, dsContainerName("worker"), { tail: 400 });
    }
    expect(logs).toContain(`send_notifications[${id}]`);
  });

  it("disk full: old logs and backups listed, then only those deleted (no symlink, no newer file)", async () => {
    const old = Date.now() - 10 * DAY;
    const write = (rel: string, ageMs: number) => {
      const p = join(files, rel);
      mkdirSync(join(p, ".."), { recursive: true });
      writeFileSync(p, "x".repeat(1000));
      utimesSync(p, new Date(ageMs), new Date(ageMs));
      return p;
    };
    const goneLog = write("log/app.log.1", old);
    const keptLive = write("log/app.log", old);
    const keptNew = write("log/app.log.2", Date.now() - DAY);
    const goneBackup = write("backups/nightly/deals-1.sql.gz", old);
    const outside = write("outside/secret.log.1", old);
    symlinkSync(outside, join(files, "log/link.log.1"));
    const e = rollbackEnv();
    const plan = await buildPlan(e, "disk-cleanup");
    expect(plan.cleanup?.files?.map((f) => f.path).sort()).toEqual([goneBackup, goneLog].sort());
    await run("disk-cleanup");
    expect([existsSync(goneLog), existsSync(goneBackup)]).toEqual([false, false]);
    expect([existsSync(keptLive), existsSync(keptNew), existsSync(outside)]).toEqual([true, true, true]);
  });

  it("rollback: a bad release, then every service it built back on its previous image, verified", async () => {
    const good = Object.fromEntries(
      await Promise.all(
        (["backend", "worker", "beat"] as const).map(async (s) => [s, (await inspect(s)).Image]),
      ),
    );
    await on("bad-deploy");
    const bad = await Promise.all(
      (["backend", "worker", "beat"] as const).map(async (s) => (await inspect(s)).Image),
    );
    expect(bad).not.toContain(good.backend);
    const view = await run("rollback");
    for (const s of ["backend", "worker", "beat"] as const) expect((await inspect(s)).Image, s).toBe(good[s]);
    expect(view.steps.filter((s) => s.name.startsWith("re-tag")).map((s) => s.name)).toEqual([
      expect.stringMatching(/^re-tag deal-scout-backend:sha-\w+ as deal-scout-backend:latest$/),
      expect.stringMatching(/^re-tag deal-scout-worker:sha-\w+ as deal-scout-worker:latest$/),
    ]);
    expect(view.steps.find((s) => s.name === "verify: health: db and redis ok")?.status).toBe("ok");
    expect(await isOn("bad-deploy")).toBe(false);
    // Its record names the release it restored: a second rollback is refused instead of going back to the bad one.
    const again = await buildPlan(rollbackEnv(), "rollback");
    expect(again.blocked).toMatch(/already runs .*nothing to roll back/);
  });
});
