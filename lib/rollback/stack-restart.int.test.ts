import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRun } from "@/lib/db/rollback-runs";
import type { RunbookActionsInput } from "@/lib/model/actions-schema";
import type { RunKind } from "@/lib/model/rollback";
import type { CheckNow } from "@/lib/rollback/ingestion-plan";
import { buildPlan, startRun } from "@/lib/rollback/start-run";
import { importRootfs } from "@/sim/docker/import-image";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";
import { removeTestContainers, type TestStack, targetFromActions } from "@/test/support/rollback-fixture";
import { rollbackSuite } from "@/test/support/rollback-suite";

// Our own image and containers (warroom-stacktest-<pid>), and one of another project that must be left alone.
const RUN = `${process.pid}`;
const PROJECT = `warroom-stacktest-${RUN}`;
const OTHER = `warroom-stacktest-other-${RUN}`;
const REPO = `warroom-stacktest-${RUN}`;
const name = (service: string, project = PROJECT) => `${project}-${service}-1`;

async function loopImage(docker: Docker): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "warroom-stacktest-"));
  try {
    mkdirSync(join(root, "bin"), { recursive: true });
    copyFileSync("/bin/busybox", join(root, "bin/busybox"));
    chmodSync(join(root, "bin/busybox"), 0o755);
    for (const applet of ["sh", "sleep"]) symlinkSync("busybox", join(root, "bin", applet));
    return await importRootfs(docker, root, { repo: REPO, tag: "latest" }, [
      "ENV PATH=/bin",
      'CMD ["/bin/sh", "-c", "trap \'exit 0\' TERM; while true; do sleep 1; done"]',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function container(docker: Docker, image: string, service: string, start: boolean, project = PROJECT) {
  const c = await docker.createContainer({
    name: name(service, project),
    Image: image,
    Labels: { "com.docker.compose.project": project, "com.docker.compose.service": service },
    HostConfig: { NetworkMode: "none" },
  });
  if (start) await c.start();
}

let api: LocalServer;
const suite = await rollbackSuite({
  runbookId: "stacktest",
  prepare: async (docker) => {
    const image = await loopImage(docker);
    for (const s of ["db", "api", "mcp"]) await container(docker, image, s, true);
    await container(docker, image, "worker", false);
    await container(docker, image, "db", true, OTHER);
  },
  cleanup: async (docker) => {
    await removeTestContainers(docker, PROJECT);
    await removeTestContainers(docker, OTHER);
    await docker
      .getImage(`${REPO}:latest`)
      .remove({ force: true })
      .catch(() => undefined);
  },
});
const { docker, engine } = suite;
beforeAll(async () => {
  api = await startHttpServer((_req, res) => res.writeHead(200).end('{"status":"ok"}'));
});
afterAll(() => api?.close());

let stateDir: string;
function stack(): TestStack {
  stateDir ??= mkdtempSync(join(tmpdir(), "warroom-stacktest-state-"));
  const input: RunbookActionsInput = {
    stack: {
      project: PROJECT,
      services: [{ service: "api", role: "primary" }],
      baseUrl: api.url,
      verify: [{ match: "status", label: "health answers 200", path: "/health", expectStatus: [200] }],
      stopTimeoutS: 2,
      healthWaitMs: 20_000,
    },
    rollback: { kind: "manual", steps: [{ name: "n/a", command: "true" }] },
    restartStack: { kind: "docker", tiers: [["db", "cache"], ["api"]] },
    ingestion: { kind: "docker", services: ["worker"], verifyCheck: "db-products" },
  };
  const { actions, target } = targetFromActions(input);
  return suite.track({ target, actions, ports: { api: 0, mcp: 0 }, stateDir });
}

const inspect = (n: string) => docker.getContainer(n).inspect();
async function run(kind: RunKind, confirm: string, checkNow?: (id: string) => CheckNow) {
  const env = suite.envFor(stack(), checkNow ? { checkNow } : {});
  const plan = await buildPlan(env, kind);
  const started = await startRun(env, {
    kind,
    requestedBy: "rex",
    reason: `test of ${kind} here`,
    confirm,
    planHash: plan.planHash,
  });
  expect(await started.done).toBe("succeeded");
  return readRun(suite.db(), started.runId);
}

describe.skipIf(!engine)("full stack restart against a real Docker engine (warroom-stacktest-*)", () => {
  it("plans every container of the project tier by tier, the absent one named, the other project not at all", async () => {
    const plan = await buildPlan(suite.envFor(stack()), "restart-stack");
    expect(plan.blocked).toBeNull();
    expect(plan.confirmWords).toEqual(["RESTART STACK"]);
    expect(plan.steps.map((s) => s.name)).toEqual([
      "restart db",
      "wait for db healthy (≤ 20 s)",
      "restart api",
      "wait for api healthy (≤ 20 s)",
      "verify: health answers 200",
      "restart mcp",
      "restart worker",
      "wait for mcp healthy (≤ 20 s)",
      "wait for worker healthy (≤ 20 s)",
    ]);
    expect(plan.steps[6]?.parallel).toBe(true);
    expect(plan.services.find((s) => s.service === "cache")?.skipped).toMatch(/no such container/);
    expect(plan.services.map((s) => s.container)).not.toContain(name("db", OTHER));
  });

  it("runs: every container restarted (the stopped one started), the API verified, the other project untouched", async () => {
    const before = new Map<string, string>();
    for (const n of [name("db"), name("api"), name("mcp"), name("db", OTHER)])
      before.set(n, (await inspect(n)).State.StartedAt);
    const done = await run("restart-stack", "RESTART STACK");
    expect(done?.status).toBe("succeeded");
    expect(done?.outcome).toMatch(
      /^full stack restarted: db, api, mcp, worker healthy, verified [\d.]+ s after confirmation; skipped \(absent\): cache$/,
    );
    for (const n of [name("db"), name("api"), name("mcp")]) {
      const now = await inspect(n);
      expect(now.State.Running, n).toBe(true);
      expect(now.State.StartedAt, n).not.toBe(before.get(n));
    }
    expect((await inspect(name("worker"))).State.Running).toBe(true);
    expect((await inspect(name("db", OTHER))).State.StartedAt).toBe(before.get(name("db", OTHER)));
  }, 90_000);

  it("ingestion: stopped; resume refused until the product count reads ok, then started", async () => {
    const stopped = await run("stop-ingestion", "STOP INGESTION");
    expect(stopped?.outcome).toBe("ingestion stopped: worker");
    expect((await inspect(name("worker"))).State.Running).toBe(false);

    const unverified = await buildPlan(
      suite.envFor(stack(), { checkNow: () => ({ level: "crit", summary: "products 1200 < 1300000" }) }),
      "resume-ingestion",
    );
    expect(unverified.blocked).toBe(
      "ingestion resumes only after verification: db-products reads crit — products 1200 < 1300000",
    );
    expect(unverified.steps).toEqual([]);
    const resumed = await run("resume-ingestion", "RESUME INGESTION", () => ({
      level: "ok",
      summary: "1342817",
    }));
    expect(resumed?.outcome).toBe("ingestion resumed: worker healthy");
    expect((await inspect(name("worker"))).State.Running).toBe(true);
  }, 90_000);
});
