// Rollback on a stack shaped unlike BuyWhere's (test/support/second-stack.ts: project warroom-rbshop),
// at Docker's default stop timeout of 10 s, the one the presets use. Two shapes:
//  - dependents ignore SIGTERM (each of their stops takes the full 10 s), the primary stops promptly:
//    confirmation → primary verified on its previous image, target ≤ 10 s p50;
//  - the primary itself ignores SIGTERM: target ≤ its stop timeout + 5 s.
// run.ts calls runShopRollbackBench(), which holds the stack lock and re-runs this file in a child with
// the react-server condition (the store and executor are server-only).
import { runServerChild, whenServerChild } from "./server-child";

const RUNS = Number(process.env.BENCH_SHOP_RUNS ?? 5);
const STOP_TIMEOUT_S = 10;

export async function runShopRollbackBench(): Promise<string[]> {
  const { holdStackLock } = await import("./stack-sections");
  const release = await holdStackLock();
  try {
    return runServerChild(import.meta.url, "rollback-shop");
  } finally {
    release();
  }
}

type Shape = { label: string; primaryIgnoresTerm: boolean; dependents: string[]; targetMs: number };

async function child(): Promise<void> {
  const Docker = (await import("dockerode")).default;
  const { percentile, fmt } = await import("./common");
  const { openDb } = await import("@/lib/db/client");
  const { readRun } = await import("@/lib/db/rollback-runs");
  const { buildPlan, startRun } = await import("@/lib/rollback/start-run");
  const { createTestDatabase } = await import("@/test/support/test-database");
  const { testAudit } = await import("@/test/support/rollback-fixture");
  const { buildShopImages, deployShop, removeShop } = await import("@/test/support/second-stack");

  const docker = new Docker({ socketPath: "/var/run/docker.sock" });
  const pgDb = await createTestDatabase("benchshop");
  const db = await openDb({ kind: "postgres", url: pgDb.url });
  const out: string[] = [];
  const shapes: Shape[] = [
    {
      label: "dependents ignore SIGTERM (2 workers), primary stops promptly",
      primaryIgnoresTerm: false,
      dependents: ["worker", "worker-2"],
      targetMs: 10_000,
    },
    {
      label: "the primary ignores SIGTERM too",
      primaryIgnoresTerm: true,
      dependents: ["worker", "worker-2"],
      targetMs: (STOP_TIMEOUT_S + 5) * 1000,
    },
  ];
  try {
    const images = await buildShopImages(docker);
    for (const shape of shapes) {
      const verified: number[] = [];
      const whole: number[] = [];
      let lastLog = "";
      for (let i = 1; i <= RUNS; i++) {
        const stack = await deployShop(docker, images, 30_000, {
          stopTimeoutS: STOP_TIMEOUT_S,
          primaryIgnoresTerm: shape.primaryIgnoresTerm,
          dependents: shape.dependents,
        });
        const env = {
          db: db.client,
          docker,
          target: stack.target,
          runbookId: "bench-shop",
          audit: testAudit("bench-shop"),
          onChange: () => undefined,
        };
        const plan = await buildPlan(env, "rollback");
        if (plan.blocked) throw new Error(`plan blocked: ${plan.blocked}`);
        const confirmedAt = Date.now();
        const started = await startRun(env, {
          kind: "rollback",
          requestedBy: "rex",
          reason: `bench run ${i}: web answers 404 since deploy 2222222`,
          confirm: "ROLLBACK",
          planHash: plan.planHash,
        });
        const status = await started.done;
        const run = await readRun(db.client, started.runId);
        if (status !== "succeeded" || !run) throw new Error(`run ${i} ${status}: ${run?.outcome}`);
        const lastVerify = run.steps.filter((s) => s.name.startsWith("verify:")).at(-1);
        verified.push(Date.parse(lastVerify?.finishedAt ?? "") - confirmedAt);
        whole.push(Date.parse(run.finishedAt ?? "") - confirmedAt);
        console.error(
          `bench rollback-shop (${shape.label}) ${i}/${RUNS}: verified after ${fmt(verified.at(-1)! / 1000, 1)} s`,
        );
        lastLog = run.steps
          .filter((s) => s.durationMs !== null)
          .map((s) => `${s.name.replace(/ \(.*$/, "")} ${fmt((s.durationMs ?? 0) / 1000, 1)}s`)
          .join(" · ");
      }
      const s = (xs: number[], p: number) => fmt(percentile(xs, p) / 1000, 1);
      const p50 = percentile(verified, 50);
      out.push(
        `  ${shape.label}: confirmation → primary verified on its previous image p50 ${s(verified, 50)} s, max ${fmt(Math.max(...verified) / 1000, 1)} s  (target ≤ ${shape.targetMs / 1000} s: ${p50 <= shape.targetMs ? "meets" : "MISSES"}); whole run p50 ${s(whole, 50)} s`,
        `    last run's steps: ${lastLog}`,
      );
    }
  } finally {
    await removeShop(docker, true).catch((err: unknown) =>
      console.error(`bench: rollback-shop cleanup failed: ${String(err)}`),
    );
    await db.close();
    await pgDb.drop();
  }
  console.log(
    [
      `rollback on a second stack (warroom-rbshop: no scraper, workers without healthcheck), stop timeout ${STOP_TIMEOUT_S} s, ${RUNS} runs each`,
      ...out,
    ].join("\n"),
  );
}

whenServerChild(child);
