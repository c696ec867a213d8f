// npm run bench — real runs of the built dashboard against the simulated stack; prints figures.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BoardState } from "@/lib/board/types";
import { startSim } from "@/sim";
import { openViewer, type ViewerMessage } from "./sse-viewer";

const TRIALS = Number(process.env.BENCH_TRIALS ?? 20);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 1000);
const LOAD_WINDOW_MS = Number(process.env.BENCH_LOAD_WINDOW_MS ?? 30_000);
const VIEWERS = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? Number.NaN;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, fn: () => T | null | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** CPU seconds (user + system) of a process and its descendants, from /proc. */
function cpuSeconds(rootPid: number): number {
  const ticks = 100; // CLK_TCK on Linux
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++) {
    const children = readProc(`/proc/${pids[i]}/task/${pids[i]}/children`);
    if (children) pids.push(...children.trim().split(/\s+/).filter(Boolean).map(Number));
  }
  let total = 0;
  for (const pid of pids) {
    const stat = readProc(`/proc/${pid}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    total += (Number(fields[11]) + Number(fields[12])) / ticks;
  }
  return total;
}

function readProc(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function rssMb(pid: number): number {
  const status = readProc(`/proc/${pid}/status`) ?? "";
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("bench: no build found, running next build");
    const r = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("next build failed");
  }
  const sim = await startSim({ ports: { api: 0, tls: 0, mcp: 0, control: 0 } });
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "warroom-bench-"));
  const server: ChildProcess = spawn(
    "node_modules/.bin/next",
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NEXT_MANUAL_SIG_HANDLE: "true",
        WARROOM_DATA_DIR: path.join(dataDir, "pglite"),
        WARROOM_INTERVAL_MS: String(INTERVAL_MS),
        WARROOM_API_URL: sim.urls.api,
        WARROOM_MCP_URL: sim.urls.mcp,
        WARROOM_TLS_PORT: String(sim.ports.tls),
      },
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const cleanup = async () => {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const healthDeadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > healthDeadline) throw new Error("dashboard did not become healthy");
      await new Promise((r) => setTimeout(r, 200));
    }

    const messages: ViewerMessage[] = [];
    const viewer = await openViewer(base, (m) => messages.push(m));
    const checkCount = () => viewer.latest()?.checks.length ?? 0;
    const levelOf = (s: BoardState | null, id: string) => s?.checks.find((c) => c.id === id)?.level;
    await until(
      "all checks ok",
      () => viewer.latest()?.counts.ok === checkCount() && checkCount() > 0,
      30_000,
    );

    // 1. Detection latency: fault on → a live viewer receives api-health critical.
    const detection: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      await new Promise((r) => setTimeout(r, Math.random() * INTERVAL_MS)); // random phase vs the cycle
      const t0 = performance.now();
      await sim.setFault("api-down", true);
      const seen = await until(
        "api-health crit",
        () => messages.find((m) => m.receivedAt > t0 && levelOf(m.state, "api-health") === "crit"),
        10_000,
      );
      detection.push(seen.receivedAt - t0);
      const t1 = performance.now();
      await sim.setFault("api-down", false);
      await until(
        "api-health ok",
        () => messages.find((m) => m.receivedAt > t1 && levelOf(m.state, "api-health") === "ok"),
        10_000,
      );
    }
    // Cycle time with every target healthy (cycles during a trial's outage are excluded).
    const cycles = messages
      .filter((m) => m.state.counts.crit === 0 && m.state.counts.warn === 0)
      .map((m) => m.state.cycle?.durationMs ?? 0)
      .filter((d) => d > 0);

    // 2. Target load and CPU with 1 viewer, then with 50.
    async function measureLoad(viewers: number) {
      const beforeReq = sim.requestCount();
      const beforeCpu = cpuSeconds(server.pid ?? 0);
      const t = performance.now();
      await new Promise((r) => setTimeout(r, LOAD_WINDOW_MS));
      const elapsed = (performance.now() - t) / 1000;
      const requests = sim.requestCount() - beforeReq;
      const cpu = cpuSeconds(server.pid ?? 0) - beforeCpu;
      return { viewers, perMinute: (requests / elapsed) * 60, cpuPct: (cpu / elapsed) * 100 };
    }
    const one = await measureLoad(1);
    const extra = await Promise.all(Array.from({ length: VIEWERS - 1 }, () => openViewer(base)));
    await until("50 viewers connected", () => extra.every((v) => v.latest() !== null), 10_000);
    const fifty = await measureLoad(VIEWERS);
    const rss = rssMb(server.pid ?? 0);
    await Promise.all(extra.map((v) => v.close()));
    await viewer.close();

    const checks = checkCount();
    const checksPerSecond = checks * (1000 / INTERVAL_MS);
    const fmt = (n: number, d = 0) => n.toFixed(d);
    console.log("\nwarroom bench — dashboard (next start) + simulated BuyWhere stack on loopback");
    console.log(
      `interval ${INTERVAL_MS} ms · ${checks} checks · ${TRIALS} detection trials · load windows ${LOAD_WINDOW_MS / 1000} s`,
    );
    console.log("");
    console.log(`detection latency (api-down on → crit received by a live viewer)`);
    console.log(
      `  p50 ${fmt(percentile(detection, 50))} ms · p95 ${fmt(percentile(detection, 95))} ms · max ${fmt(Math.max(...detection))} ms   (target p95 ≤ 1000 ms; Uptime Kuma p50 510 / p95 920)`,
    );
    console.log(`collector cycle time (${cycles.length} cycles, all ${checks} checks concurrently)`);
    console.log(
      `  p50 ${fmt(percentile(cycles, 50))} ms · p95 ${fmt(percentile(cycles, 95))} ms · max ${fmt(Math.max(...cycles))} ms   (target < 250 ms healthy)`,
    );
    console.log(`target requests per minute (counted by the simulated stack)`);
    console.log(
      `  1 viewer: ${fmt(one.perMinute)} /min · ${VIEWERS} viewers: ${fmt(fifty.perMinute)} /min · ratio ${fmt(fifty.perMinute / one.perMinute, 3)}   (target 1.000)`,
    );
    console.log(`server CPU (next start process tree)`);
    console.log(
      `  1 viewer: ${fmt(one.cpuPct, 1)}% of a core · ${VIEWERS} viewers: ${fmt(fifty.cpuPct, 1)}% · RSS ${fmt(rss)} MB`,
    );
    console.log(
      `  per check per second: ${fmt(one.cpuPct / checksPerSecond, 3)}% of a core (1 viewer) · ${fmt(fifty.cpuPct / checksPerSecond, 3)}% (${VIEWERS} viewers)   (Uptime Kuma 0.556%, target ≤ 0.278%)`,
    );
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
