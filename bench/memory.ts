// Section `memory`: resident memory of the `next start` server, steady and peak, on external PostgreSQL
// and on PGlite (first start with initdb, then a restart on the existing folder), and on the side-by-side
// workload against Uptime Kuma (50 HTTP checks at 1 s, external PostgreSQL).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startSim } from "@/sim";
import { adminQuery, benchDbUrl } from "./admin-pg";
import { fmt, percentile, rssMb, sleep, startDashboard } from "./common";
import { openViewer } from "./sse-viewer";

const RUN_S = Number(process.env.BENCH_MEMORY_S ?? 150);
const INTERVAL_MS = 1000;
const MIB = 1024 * 1024;
/** Which runs (BENCH_MEMORY_CASES, comma-separated): extpg, pglite (first start, then restart), http50. */
const CASES = new Set(
  (process.env.BENCH_MEMORY_CASES ?? "extpg,pglite,http50").split(",").map((c) => c.trim()),
);

type Sample = { s: number; rss: number; tree: number };
type Run = { samples: Sample[]; heap: string };

/** The server's own view at the end of a run (prom-client's default metrics on /metrics). */
async function heapBreakdown(base: string): Promise<string> {
  try {
    const text = await (await fetch(`${base}/metrics`)).text();
    const mib = (name: string) => {
      const m = new RegExp(`^warroom_${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, "m").exec(text);
      return m ? fmt(Number(m[1]) / MIB) : "?";
    };
    return `heap used ${mib("nodejs_heap_size_used_bytes")} of ${mib("nodejs_heap_size_total_bytes")} MiB · external ${mib("nodejs_external_memory_bytes")} MiB`;
  } catch (err) {
    return `no /metrics: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** VmRSS of one process, MiB (rssMb sums a tree; the figure is the server process alone). */
function processRssMib(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return (Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024) / MIB;
  } catch {
    return 0;
  }
}

/** The `next-server` process in the tree `next start` made (the launcher may run the server itself). */
function serverPid(rootPid: number): number {
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const children = readFileSync(`/proc/${pids[i]}/task/${pids[i]}/children`, "utf8");
      pids.push(...children.trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      // gone
    }
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("next-server")) return pid;
    } catch {
      // gone
    }
  }
  return rootPid;
}

/** A server started with `env`, sampled every 500 ms for RUN_S seconds from the spawn (start-up included). */
async function sampleServer(env: Record<string, string>): Promise<Run> {
  const samples: Sample[] = [];
  const t0 = Date.now();
  let root = 0;
  let sampling = true;
  // Sampling starts before the server answers, so the start-up peak (migrations, initdb) is seen.
  const sampler = (async () => {
    while (sampling) {
      if (root) {
        const pid = serverPid(root);
        samples.push({ s: (Date.now() - t0) / 1000, rss: processRssMib(pid), tree: rssMb(root) });
      }
      await sleep(500);
    }
  })();
  const server = await startDashboard(env, (pid) => {
    root = pid;
  });
  let heap = "";
  try {
    const viewer = await openViewer(server.base, () => {});
    await sleep(Math.max(0, RUN_S * 1000 - (Date.now() - t0)));
    heap = await heapBreakdown(server.base);
    await viewer.close();
  } finally {
    sampling = false;
    await sampler;
    await server.stop();
  }
  return { samples, heap };
}

/** Peak over the run; steady = median over its last third (start-up long over). */
function memoryLine(label: string, run: Run, target: string): string {
  const { samples } = run;
  const peak = Math.max(...samples.map((x) => x.rss));
  const tail = samples.slice(Math.floor((samples.length * 2) / 3));
  const steady = percentile(
    tail.map((x) => x.rss),
    50,
  );
  const steadyTree = percentile(
    tail.map((x) => x.tree),
    50,
  );
  const peakAt = samples.find((x) => x.rss === peak)?.s ?? 0;
  return `  ${label}: steady ${fmt(steady)} MiB · peak ${fmt(peak)} MiB at ${fmt(peakAt)} s · process tree steady ${fmt(steadyTree)} MiB   (${target})\n    at the end: ${run.heap}`;
}

/** A runbook of `n` plain HTTP checks against one target, as the Uptime Kuma side-by-side ran. */
function httpRunbook(dir: string, apiUrl: string, n: number): string {
  const file = path.join(dir, "fifty-http.json");
  const checks = Array.from({ length: n }, (_, i) => ({
    id: `http-${i + 1}`,
    kind: "http",
    label: `HTTP ${i + 1}`,
    url: `${apiUrl}/health`,
  }));
  const runbook = {
    id: "fifty-http",
    name: "50 HTTP checks",
    system: "simulated API",
    launch: { local: "2026-05-01T09:00", timeZone: "UTC" },
    modes: ["incident"],
    collector: { intervalMs: INTERVAL_MS, defaultTimeoutMs: 900 },
    checks,
  };
  writeFileSync(file, JSON.stringify(runbook));
  return file;
}

export async function runMemoryBench(): Promise<string[]> {
  const sim = await startSim({ ports: { api: 0, tls: 0, mcp: 0, control: 0 } });
  const dir = mkdtempSync(path.join(tmpdir(), "warroom-bench-mem-"));
  const simEnv = {
    WARROOM_INTERVAL_MS: String(INTERVAL_MS),
    WARROOM_API_URL: sim.urls.api,
    WARROOM_MCP_URL: sim.urls.mcp,
    WARROOM_TLS_PORT: String(sim.ports.tls),
  };
  const db = `warroom_bench_mem_${process.pid}`;
  const out = [
    "",
    `── memory: VmRSS of the next-server process, sampled every 500 ms for ${RUN_S} s from the spawn (BENCH_MEMORY_S); 1 viewer, interval ${INTERVAL_MS} ms, process sim`,
  ];
  try {
    await adminQuery(`CREATE DATABASE ${db}`);
    await adminQuery(`CREATE DATABASE ${db}_http`);
    const pglite = path.join(dir, "pglite");
    if (CASES.has("extpg")) {
      const extPg = await sampleServer({ ...simEnv, DATABASE_URL: benchDbUrl(db) });
      out.push(
        memoryLine("BuyWhere preset, external PostgreSQL", extPg, "target steady ≤ 250 MiB, peak ≤ 600"),
      );
    }
    if (CASES.has("pglite")) {
      const first = await sampleServer({ ...simEnv, WARROOM_DATA_DIR: pglite });
      out.push(
        memoryLine("BuyWhere preset, PGlite, first start (initdb)", first, "initdb peak reported apart"),
      );
      const again = await sampleServer({ ...simEnv, WARROOM_DATA_DIR: pglite });
      out.push(
        memoryLine("BuyWhere preset, PGlite, folder exists", again, "target steady ≤ 400 MiB, peak ≤ 600"),
      );
    }
    if (!CASES.has("http50")) return out;
    const fifty = await sampleServer({
      WARROOM_RUNBOOK: httpRunbook(dir, sim.urls.api, 50),
      DATABASE_URL: benchDbUrl(`${db}_http`),
    });
    out.push(
      memoryLine(
        "50 HTTP checks at 1 s, external PostgreSQL",
        fifty,
        "target ≤ 200 MiB; Uptime Kuma 217 MiB on the same work",
      ),
    );
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
    await adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
    await adminQuery(`DROP DATABASE IF EXISTS ${db}_http WITH (FORCE)`).catch(() => {});
  }
  return out;
}
