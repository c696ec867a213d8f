import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signInPost } from "@/app/api/auth/sign-in/route";
import { POST as cleanupPost } from "@/app/api/rollback/disk-cleanup/route";
import { GET as planGet } from "@/app/api/rollback/plan/route";
import { readRun } from "@/lib/db/rollback-runs";
import type { RunbookActionsInput } from "@/lib/model/actions-schema";
import type { RollbackPlan } from "@/lib/model/rollback";
import { writeRollbackState } from "@/lib/rollback/rollback-state";
import { buildPlan, startRun } from "@/lib/rollback/start-run";
import { importRootfs } from "@/sim/docker/import-image";
import { type Caller, installRunbook, PASSWORDS, request } from "@/test/support/launch-harness";
import { removeTestContainers, type TestStack, targetFromActions } from "@/test/support/rollback-fixture";
import { rollbackSuite } from "@/test/support/rollback-suite";

// Our own images, containers and label (warroom-cleantest-<pid>): the cleanup is scoped to the label, so
// it never touches another stack's dangling images on the shared engine.
const RUN = `${process.pid}`;
const PROJECT = `warroom-cleantest-${RUN}`;
const REPO = `warroom-cleantest-${RUN}-api`;
const LABEL = `com.warroom.cleantest=${RUN}`;
const MOVING = "moving";

type Made = {
  sha: { previous: string; current: string };
  /** Dangling, named by the rollback state's PREV_API_IMAGE. */
  statePrev: string;
  /** Dangling, the image of a stopped container of the project. */
  ofStopped: string;
  /** Dangling and needed by nothing: the cleanup's to remove (one becomes protected mid-run). */
  free: [string, string, string];
};
let made: Made;

/** A busybox rootfs imported as repo:tag; `n` makes each image distinct. */
async function image(docker: Docker, tag: string, n: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "warroom-cleantest-"));
  try {
    mkdirSync(join(root, "bin"), { recursive: true });
    copyFileSync("/bin/busybox", join(root, "bin/busybox"));
    chmodSync(join(root, "bin/busybox"), 0o755);
    for (const applet of ["sh", "sleep"]) symlinkSync("busybox", join(root, "bin", applet));
    return await importRootfs(docker, root, { repo: REPO, tag }, [
      "ENV PATH=/bin",
      `LABEL ${LABEL}`,
      `LABEL com.warroom.cleantest.n=${n}`,
      'CMD ["/bin/sh", "-c", "trap \'exit 0\' TERM; while true; do sleep 1; done"]',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Each import onto the same tag leaves the one before it dangling, as a rebuild does. */
async function danglingSeries(docker: Docker, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const n of names) ids.push(await image(docker, MOVING, n));
  await image(docker, MOVING, "last");
  return ids;
}

async function projectContainer(docker: Docker, name: string, imageId: string, start: boolean) {
  const c = await docker.createContainer({
    name: `${PROJECT}-${name}`,
    Image: imageId,
    Labels: { "com.docker.compose.project": PROJECT, "com.docker.compose.service": name },
    HostConfig: { NetworkMode: "none" },
  });
  if (start) await c.start();
  return c;
}

let stateDir: string;
const suite = await rollbackSuite({
  runbookId: "cleantest",
  prepare: async (docker) => {
    const previous = await image(docker, "sha-aaaa111", "previous");
    const current = await image(docker, "sha-bbbb222", "current");
    const [statePrev, ofStopped, f1, f2, f3] = await danglingSeries(docker, ["s", "c", "f1", "f2", "f3"]);
    made = {
      sha: { previous, current },
      statePrev: statePrev as string,
      ofStopped: ofStopped as string,
      free: [f1 as string, f2 as string, f3 as string],
    };
    await projectContainer(docker, "api", current, true);
    await projectContainer(docker, "old", made.ofStopped, false);
  },
  cleanup: async (docker) => {
    await removeTestContainers(docker, PROJECT);
    const ours = await docker.listImages({ all: true, filters: { label: [LABEL] } });
    for (const i of ours)
      await docker
        .getImage(i.Id)
        .remove({ force: true })
        .catch(() => undefined);
  },
});
const { docker, engine } = suite;

function stack(): TestStack {
  stateDir ??= mkdtempSync(join(tmpdir(), "warroom-cleantest-state-"));
  const input: RunbookActionsInput = {
    stack: {
      project: PROJECT,
      services: [{ service: "api", role: "primary", repo: REPO, stateKey: "PREV_API_IMAGE" }],
      stateFile: join(stateDir, ".rollback_state"),
      baseUrl: "http://127.0.0.1:9",
    },
    rollback: { kind: "docker" },
    cleanup: {
      kind: "docker",
      ownerDomain: "infra",
      onlyLabel: LABEL,
      manual: [
        { name: "system prune", command: "docker system prune -a", warning: "deletes the sha- images" },
      ],
    },
  };
  const { actions, target } = targetFromActions(input);
  return suite.track({ target, actions, ports: { api: 9, mcp: 9 }, stateDir });
}

const exists = (id: string) =>
  docker
    .getImage(id)
    .inspect()
    .then(
      () => true,
      () => false,
    );

async function settle(runId: string) {
  let run = await readRun(suite.db(), runId);
  for (let i = 0; i < 120 && run?.status === "running"; i++) {
    await new Promise((r) => setTimeout(r, 250));
    run = await readRun(suite.db(), runId);
  }
  return run;
}

describe.skipIf(!engine)("disk cleanup against a real Docker engine (warroom-cleantest-*)", () => {
  beforeAll(async () => {
    const s = stack();
    await writeRollbackState(s.target.rollbackStatePath, {
      PREV_API_IMAGE: made.statePrev,
      PREV_MCP_IMAGE: "none",
      PREV_SHA: "aaaa111",
      DEPLOY_TIME: "2026-12-05T04:00:00Z",
      DEPLOY_SHA: "bbbb222",
    });
  });

  it("plans the build cache and the unneeded dangling images; keeps the rollback's and the project's", async () => {
    const plan = await buildPlan(suite.envFor(stack()), "disk-cleanup");
    expect(plan.blocked).toBeNull();
    expect(plan.confirmWords).toEqual(["CLEANUP"]);
    expect(plan.steps.map((s) => s.kind)).toEqual(["prune-builder", "remove-images", "manual"]);
    expect(plan.steps[2]?.warning).toMatch(/sha- images/);
    expect(new Set(plan.cleanup?.remove.map((i) => i.id))).toEqual(new Set(made.free));
    const kept = new Map(plan.cleanup?.keep.map((i) => [i.id, i.why]));
    expect(kept.get(made.statePrev)).toMatch(/PREV_API_IMAGE of the rollback state/);
    expect(kept.get(made.ofStopped)).toMatch(new RegExp(`image of ${PROJECT}-old \\(created\\)`));
    expect(plan.cleanup?.rollbackImages).toEqual([`${REPO}:sha-aaaa111`, `${REPO}:sha-bbbb222`]);
    expect(plan.cleanup?.projectContainers).toEqual([`${PROJECT}-api`, `${PROJECT}-old`]);
  });

  it("runs: removes only those; every sha- image, the protected dangling ones and every project container survive — and an image protected mid-run is kept", async () => {
    const env = suite.envFor(stack(), {
      // Between the plan and the removal a container of the project is created on one of the images.
      beforeStep: async (_i, step) => {
        if (step.kind === "remove-images") await projectContainer(docker, "late", made.free[2], false);
      },
    });
    const plan = await buildPlan(env, "disk-cleanup");
    const started = await startRun(env, {
      kind: "disk-cleanup",
      requestedBy: "bolt",
      reason: "disk 93% during the launch, clearing the build cache",
      confirm: "CLEANUP",
      planHash: plan.planHash,
    });
    expect(await started.done).toBe("succeeded");
    const run = await settle(started.runId);
    const removal = run?.steps.find((s) => s.name.startsWith("remove"))?.output ?? "";
    // Two removed, in the engine's listing order, with the image protected mid-run kept among them.
    expect(removal.match(/^removed /gm)).toHaveLength(2);
    expect(removal).toMatch(new RegExp(`kept ${made.free[2].slice(7, 19)}: image of ${PROJECT}-late`));
    expect(run?.steps[0]?.output).toMatch(/build cache: \d+ entries deleted/);
    expect(run?.steps[2]?.status).toBe("manual");

    expect(await exists(made.free[0])).toBe(false);
    expect(await exists(made.free[1])).toBe(false);
    for (const id of [made.free[2], made.statePrev, made.ofStopped, made.sha.previous, made.sha.current])
      expect(await exists(id), id).toBe(true);
    expect(await exists(`${REPO}:sha-aaaa111`)).toBe(true);
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${PROJECT}`] },
    });
    expect(containers.map((c) => c.Names[0]).sort()).toEqual(
      [`/${PROJECT}-api`, `/${PROJECT}-late`, `/${PROJECT}-old`].sort(),
    );
    expect(containers.find((c) => c.Names[0] === `/${PROJECT}-api`)?.State).toBe("running");
  });
});

describe.skipIf(!engine)("disk cleanup HTTP API: lead or infra owner, typed CLEANUP, audited", () => {
  const cookies: Record<string, string> = {};
  const saved = process.env.WARROOM_USERS;
  beforeAll(async () => {
    process.env.WARROOM_USERS = Object.entries(PASSWORDS)
      .map(([id, pw]) => `${id}:${pw}`)
      .join(",");
    installRunbook();
    for (const p of ["rex", "bolt", "sol"]) {
      const res = await signInPost(request("/api/auth/sign-in", {}, { person: p, password: PASSWORDS[p] }));
      cookies[p] = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    }
    installRunbook(stack().actions);
  }, 60_000);
  afterAll(() => {
    process.env.WARROOM_USERS = saved;
  });

  const preview = async (caller: Caller) => {
    const res = await planGet(request("/api/rollback/plan?kind=disk-cleanup", caller));
    return (await res.json()) as { plan: RollbackPlan; canStart: { ok: boolean; reason?: string } };
  };
  const post = (caller: Caller, planHash: string, confirm = "CLEANUP") =>
    cleanupPost(
      request("/api/rollback/disk-cleanup", caller, {
        confirm,
        reason: "disk 93%, safe cleanup first",
        planHash,
      }),
    );

  it("refuses Sol (403) and a wrong word (400); Bolt's run is accepted and audited with its outcome", async () => {
    const sol = await preview({ cookie: cookies.sol });
    expect(sol.canStart).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/lead or the infra owner/),
    });
    const hash = sol.plan.planHash;
    expect((await post({ cookie: cookies.sol }, hash)).status).toBe(403);
    expect((await post({ cookie: cookies.bolt }, hash, "ROLLBACK")).status).toBe(400);
    expect((await preview({ cookie: cookies.bolt })).canStart.ok).toBe(true);
    const ok = await post({ cookie: cookies.bolt }, hash);
    expect(ok.status).toBe(202);
    const { runId } = (await ok.json()) as { runId: string };
    expect((await settle(runId))?.status).toBe("succeeded");
    const audit = await suite.db().auditEntry.findMany({
      where: { action: { in: ["disk-cleanup", "disk-cleanup.finish"] } },
      orderBy: { id: "asc" },
    });
    expect(audit.filter((e) => e.outcome === "refused").map((e) => e.actor)).toEqual(
      expect.arrayContaining(["sol", "bolt"]),
    );
    expect(audit.some((e) => e.outcome === "ok" && e.actor === "bolt" && e.message.includes(runId))).toBe(
      true,
    );
    expect(audit.some((e) => e.action === "disk-cleanup.finish" && e.message.includes("succeeded"))).toBe(
      true,
    );
    expect(await exists(made.sha.previous)).toBe(true);
    expect(await exists(made.statePrev)).toBe(true);
  }, 60_000);
});
