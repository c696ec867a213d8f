// Rollback on the containerised stack (issue 5; target < 30 s): time from the lead's confirmation to the
// previous API image verified healthy (health 200, search results, tagged redirect), p50 of 5 runs of
// bad-deploy → rollback. run.ts calls runRollbackBench(), which holds the stack lock and re-runs this file
// in a child with the react-server condition (the store and executor are server-only).
import { runServerChild, whenServerChild } from "./server-child";

const RUNS = Number(process.env.BENCH_ROLLBACK_RUNS ?? 5);

export async function runRollbackBench(): Promise<string[]> {
  const { holdStackLock, stackProblem } = await import("./stack-sections");
  const release = await holdStackLock();
  try {
    const problem = await stackProblem();
    if (problem) return ["", `rollback: skipped — the containerised stack is not ready: ${problem}`];
    return runServerChild(import.meta.url, "rollback");
  } finally {
    release();
  }
}

async function child(): Promise<void> {
  const { percentile, fmt } = await import("./common");
  const { openDb } = await import("@/lib/db/client");
  const { createTestDatabase } = await import("@/test/support/test-database");
  const { readRun } = await import("@/lib/db/rollback-runs");
  const { buildPlan, startRun } = await import("@/lib/rollback/start-run");
  const { resolveActions } = await import("@/lib/rollback/target");
  const { loadRunbook } = await import("@/lib/runbook/load-runbook");
  const { connectDocker, resetStack, setStackFault } = await import("@/sim/docker");

  const docker = connectDocker();
  // The BuyWhere preset's actions, as the dashboard resolves them.
  const target = resolveActions(
    loadRunbook({ ...process.env, WARROOM_PRESET: "buywhere-us-launch" }).runbook.actions,
  ).target;
  if (!target) throw new Error("the BuyWhere preset names no Docker stack");
  const pgDb = await createTestDatabase("benchrollback");
  const db = await openDb({ kind: "postgres", url: pgDb.url });
  const verified: number[] = [];
  const whole: number[] = [];
  const logs: string[] = [];
  try {
    for (let i = 1; i <= RUNS; i++) {
      console.error(`bench rollback ${i}/${RUNS}: bad-deploy on`);
      await setStackFault("bad-deploy", true, { docker });
      const env = {
        db: db.client,
        docker,
        target,
        runbookId: "bench-rollback",
        audit: (action: string, message: string) => ({
          runbookId: "bench-rollback",
          actor: "rex",
          role: "lead",
          via: "token",
          action,
          outcome: "ok" as const,
          ip: null,
          userAgent: "bench",
          message,
          data: {},
        }),
        onChange: () => undefined,
      };
      const plan = await buildPlan(env, "rollback");
      if (plan.blocked) throw new Error(`plan blocked: ${plan.blocked}`);
      const confirmedAt = Date.now();
      const started = await startRun(env, {
        kind: "rollback",
        requestedBy: "rex",
        reason: `bench run ${i}: bad deploy answering 500`,
        confirm: "ROLLBACK",
        planHash: plan.planHash,
      });
      const status = await started.done;
      const run = await readRun(db.client, started.runId);
      if (status !== "succeeded" || !run) throw new Error(`run ${i} ${status}: ${run?.outcome}`);
      const lastVerify = run.steps.filter((s) => s.name.startsWith("verify:")).at(-1);
      const v = Date.parse(lastVerify?.finishedAt ?? "") - confirmedAt;
      const w = Date.parse(run.finishedAt ?? "") - confirmedAt;
      verified.push(v);
      whole.push(w);
      console.error(
        `bench rollback ${i}/${RUNS}: verified after ${fmt(v / 1000, 1)} s, whole run ${fmt(w / 1000, 1)} s`,
      );
      logs.push(
        `  run ${i}: ${run.steps
          .filter((s) => s.durationMs !== null)
          .map(
            (s) =>
              `${s.name.replace(/ \(.*$/, "").replace(/ (on|as) \S+$/, "")} ${fmt((s.durationMs ?? 0) / 1000, 1)}s`,
          )
          .join(" · ")}`,
      );
    }
  } finally {
    await resetStack({ docker }).catch((err: unknown) =>
      console.error(`bench: stack reset failed: ${String(err)}`),
    );
    await db.close();
    await pgDb.drop();
  }
  const s = (xs: number[], p: number) => fmt(percentile(xs, p) / 1000, 1);
  console.log(
    [
      `rollback — bad-deploy → confirmed rollback on the containerised stack, ${RUNS} runs; target p50 < 30 s`,
      `  confirmation → previous API image verified healthy: p50 ${s(verified, 50)} s, min ${fmt(Math.min(...verified) / 1000, 1)} s, max ${fmt(Math.max(...verified) / 1000, 1)} s  ${percentile(verified, 50) < 30_000 ? "(meets < 30 s)" : "(MISSES 30 s)"}`,
      `  whole run (incl. MCP + scraper back, state written): p50 ${s(whole, 50)} s`,
      ...logs,
    ].join("\n"),
  );
}

whenServerChild(child);
