import { beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { readRun } from "@/lib/db/rollback-runs";
import type { PlannedStep, RunView } from "@/lib/model/rollback";
import { abortRun } from "@/lib/rollback/abort-run";
import { buildPlan, startRun } from "@/lib/rollback/start-run";
import { rollbackSuite } from "@/test/support/rollback-suite";
import {
  buildShopImages,
  deployShop,
  removeShop,
  SHOP_STOP_TIMEOUT_S,
  type ShopImages,
  shopContainer,
} from "@/test/support/second-stack";

let images: ShopImages;
const suite = await rollbackSuite({
  runbookId: "rbshop",
  prepare: async (docker) => {
    images = await buildShopImages(docker);
  },
  cleanup: (docker) => removeShop(docker, true),
});
const { docker, engine, envFor } = suite;
let db: PrismaClient;
beforeAll(() => {
  if (engine) db = suite.db();
});

function stepLog(run: RunView | null): string {
  return `${run?.steps.map((s) => `  ${s.index + 1}. [${s.status}] ${s.durationMs ?? "-"} ms  ${s.command}\n      ${s.output.split("\n").join("\n      ")}`).join("\n")}\n  outcome: ${run?.outcome}`;
}

describe.skipIf(!engine)("rollback on a second, differently shaped stack (warroom-rbshop-*)", () => {
  it("names the absent scraper as skipped, stops the SIGTERM-ignoring worker alongside, verifies the primary first", async () => {
    const stack = await deployShop(docker, images);
    suite.track(stack);
    const env = envFor(stack);
    const plan = await buildPlan(env, "rollback");
    expect(plan.blocked).toBeNull();
    expect(plan.services.map((s) => [s.service, s.action, s.skipped ?? null])).toEqual([
      ["web", "recreate", null],
      ["worker", "start", null],
      [
        "scraper",
        "start",
        "warroom-rbshop-scraper-1 does not exist (optional on this stack): not stopped, not started",
      ],
    ]);
    const confirmed = Date.now();
    const { runId, done } = await startRun(env, {
      kind: "rollback",
      requestedBy: "rex",
      reason: "web answers 404 on /health since deploy 2222222",
      confirm: "ROLLBACK",
      planHash: plan.planHash,
    });
    expect(await done).toBe("succeeded");
    const run = await readRun(db, runId);
    console.log(`second stack rollback step log:\n${stepLog(run)}`);
    const step = (prefix: string) => run?.steps.find((s) => s.name.startsWith(prefix));
    const verified = Date.parse(step("verify: affiliate")?.finishedAt ?? "");
    const workerStopped = Date.parse(step("stop worker")?.finishedAt ?? "");
    // The worker waits out its stop timeout; the primary is verified before that stop even ends.
    expect(step("stop worker")?.output).toContain(`killed after the ${SHOP_STOP_TIMEOUT_S} s stop timeout`);
    expect(verified).toBeLessThan(workerStopped);
    expect(verified - confirmed).toBeLessThan((SHOP_STOP_TIMEOUT_S + 5) * 1000);
    expect(run?.outcome).toMatch(/skipped: scraper \(absent\)/);
    const web = await docker.getContainer(shopContainer("web")).inspect();
    expect(web.Image).toBe(images.webGood);
    expect(web.HostConfig.NetworkMode).toBe("host");
    expect((await docker.getContainer(shopContainer("worker")).inspect()).State.Running).toBe(true);
  }, 90_000);

  it("abort mid-run: stops after the step in progress, says what it left, audited; nothing else runs", async () => {
    const stack = await deployShop(docker, images);
    suite.track(stack);
    let runId = "";
    const known = new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (runId) {
          clearInterval(t);
          resolve();
        }
      }, 5);
    });
    const env = envFor(stack, {
      beforeStep: async (_index: number, s: PlannedStep) => {
        if (s.kind !== "tag") return;
        await known;
        await abortRun(env, { runId, by: "rex", reason: "wrong release picked" });
      },
    });
    const plan = await buildPlan(env, "rollback");
    const started = await startRun(env, {
      kind: "rollback",
      requestedBy: "rex",
      reason: "abort test on the second stack",
      confirm: "ROLLBACK",
      planHash: plan.planHash,
    });
    runId = started.runId;
    expect(await started.done).toBe("aborted");
    const run = await readRun(db, runId);
    console.log(`aborted run step log:\n${stepLog(run)}`);
    expect(run?.status).toBe("aborted");
    const tag = run?.steps.find((s) => s.name.startsWith("re-tag"));
    expect(tag?.status).toBe("ok");
    expect(run?.outcome).toMatch(
      new RegExp(`^aborted by rex after step ${(tag?.index ?? 0) + 1} \\(re-tag .*\\): wrong release picked`),
    );
    expect(run?.outcome).toContain(`${shopContainer("web")}: exited`);
    // The worker's stop was in flight and let finish; everything after the tag was left unrun.
    expect(run?.steps.find((s) => s.name === "stop worker")?.status).toBe("ok");
    const after = run?.steps.filter((s) => s.index > (tag?.index ?? 0)) ?? [];
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.status === "skipped" && s.output.includes("aborted by rex"))).toBe(true);
    expect((await docker.getContainer(shopContainer("web")).inspect()).Image).toBe(images.webBad);
    const entries = await db.auditEntry.findMany({
      where: { action: "rollback.abort", runbookId: "rbshop" },
    });
    expect(entries.map((e) => e.message)).toEqual([expect.stringContaining(`abort requested by rex`)]);
    expect(await abortRun(env, { runId, by: "rex", reason: null }).catch((e: Error) => e.message)).toMatch(
      /is not running \(aborted\)/,
    );
  }, 90_000);
});
