// Leader failover of two dashboards (`next start` of the build) on one PostgreSQL, 1 s interval: kill -9 of
// the leader → the follower leads, and → its first own cycle at its SSE viewer. Also how much later a
// follower's viewer gets each board than the leader's viewer. See docs/replicas.md and docs/bench.md.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type DashboardProcess,
  type SeenBoard,
  startDashboardProcess,
  watchBoards,
} from "@/test/support/dashboard-process";
import { startHttpServer } from "@/test/support/local-server";
import { minimalRunbook } from "@/test/support/minimal-runbook";
import { createTestDatabase } from "@/test/support/test-database";
import { DIST_DIR, fmt, percentile, sleep, until } from "./common";

const RUNS = Number(process.env.BENCH_FAILOVER_RUNS ?? 5);
const INTERVAL_MS = 1000;

export async function runFailoverBench(): Promise<string[]> {
  const database = await createTestDatabase("benchfailover");
  const target = await startHttpServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
  });
  const dir = mkdtempSync(path.join(tmpdir(), "warroom-bench-failover-"));
  const runbook = minimalRunbook("bench-failover", INTERVAL_MS, [
    {
      id: "api",
      kind: "http",
      label: "API",
      url: `${target.url}/health`,
      json: [{ path: "status", equals: "ok" }],
    },
  ]);
  writeFileSync(path.join(dir, "runbook.json"), JSON.stringify(runbook));
  const env = {
    DATABASE_URL: database.url,
    WARROOM_RUNBOOK: path.join(dir, "runbook.json"),
    WARROOM_DIST_DIR: DIST_DIR,
  };
  const start = (role: "leader" | "follower") =>
    startDashboardProcess(env, (h) => h.status === "ok" && h.role === role);
  const processes: DashboardProcess[] = [];
  const leads: number[] = [];
  const boards: number[] = [];
  const lag: number[] = [];
  try {
    let leader = await start("leader");
    processes.push(leader);
    for (let run = 0; run < RUNS; run++) {
      const follower = await start("follower");
      processes.push(follower);
      const atLeader = watchBoards(leader.base);
      const atFollower = watchBoards(follower.base);
      await sleep(3000 + Math.random() * INTERVAL_MS); // a random phase of the cycle
      lag.push(...followerLag(atLeader.boards, atFollower.boards));
      const last = Math.max(0, ...atLeader.boards.map((b) => b.cycle ?? 0));
      const killedAt = Date.now();
      await leader.kill();
      const next = await until(
        "the follower's first own cycle",
        () => atFollower.boards.find((b) => (b.cycle ?? 0) > last),
        30_000,
      );
      const h = await follower.health();
      leads.push(Date.parse(h?.roleSince ?? "") - killedAt);
      boards.push(next.receivedAt - killedAt);
      atLeader.close();
      atFollower.close();
      leader = follower;
    }
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await target.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  const p = (v: number[], q: number) => fmt(percentile(v, q));
  return [
    "",
    `leader failover — two next start on one PostgreSQL, ${INTERVAL_MS} ms interval, kill -9 of the leader, ${RUNS} runs   (--only=failover)`,
    `  kill → follower leads:                p50 ${p(leads, 50)} ms, max ${p(leads, 100)} ms (${leads.join(", ")})  (target ≤ 3 intervals = ${3 * INTERVAL_MS} ms)`,
    `  kill → its first cycle at its viewer: p50 ${p(boards, 50)} ms, max ${p(boards, 100)} ms (${boards.join(", ")})`,
    `  a board at the follower's viewer after the leader's viewer (${lag.length} boards): p50 ${p(lag, 50)} ms, p95 ${p(lag, 95)} ms, max ${p(lag, 100)} ms`,
  ];
}

/** For each board both viewers received (same cycle and levels, in order), how much later the follower's came. */
function followerLag(leader: SeenBoard[], follower: SeenBoard[]): number[] {
  const first = new Map<string, number>();
  for (const b of leader)
    if (b.cycle !== null)
      first.set(`${b.cycle}/${b.levels}`, first.get(`${b.cycle}/${b.levels}`) ?? b.receivedAt);
  const out: number[] = [];
  const seen = new Set<string>();
  for (const b of follower.slice(1)) {
    const key = `${b.cycle}/${b.levels}`;
    const at = first.get(key);
    if (at === undefined || seen.has(key)) continue;
    seen.add(key);
    out.push(b.receivedAt - at);
  }
  return out;
}
