// Section `soak`: memory of the server process over N minutes at a 2 s interval (full preset, stack).
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { type Sim, startSim } from "@/sim";
import { dirBytes, fmt, rssMb, serverHeapMib, sleep, startDashboard } from "./common";
import { openViewer } from "./sse-viewer";
import { stackProblem, stackTargetsEnv } from "./stack-sections";

export const SOAK_MIN = Number(process.env.BENCH_SOAK_MIN ?? 30);
const INTERVAL_MS = Number(process.env.BENCH_SOAK_INTERVAL_MS ?? 2000);

/**
 * The default configuration (embedded PGlite) with one live viewer, reading the containerised stack
 * (read-only, so it does not take the stack lock). RSS of the `next start` process tree after 1 minute and
 * after N, sampled every minute; the PGlite folder's growth gives a second storage figure.
 */
export async function runSoak(): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "warroom-bench-soak-"));
  const dataDir = path.join(dir, "pglite");
  // The containerised stack when it is up and healthy (stack.json outlives the containers); otherwise the
  // process sim, so a soak needs no stack lock.
  let targets = (await stackProblem()) === null ? stackTargetsEnv() : {};
  let sim: Sim | undefined;
  if (!targets.WARROOM_API_URL) {
    sim = await startSim({ ports: { api: 0, tls: 0, mcp: 0, control: 0 } });
    targets = {
      WARROOM_API_URL: sim.urls.api,
      WARROOM_MCP_URL: sim.urls.mcp,
      WARROOM_TLS_PORT: String(sim.ports.tls),
    };
  }
  const server = await startDashboard({
    ...targets,
    WARROOM_INTERVAL_MS: String(INTERVAL_MS),
    WARROOM_DATA_DIR: dataDir,
  });
  const viewer = await openViewer(server.base);
  const started = Date.now();
  const samples: Array<{
    min: number;
    rss: number;
    heapUsed: number;
    disk: number;
    cycle: number;
    load: number;
  }> = [];
  try {
    for (let min = 1; min <= SOAK_MIN; min++) {
      await sleep(started + min * 60_000 - Date.now());
      const heap = await serverHeapMib(server.base);
      const s = {
        min,
        rss: rssMb(server.pid),
        heapUsed: heap.used,
        load: loadavg()[0] ?? Number.NaN,
        disk: dirBytes(dataDir),
        cycle: viewer.latest()?.cycle?.number ?? 0,
      };
      samples.push(s);
      console.error(
        `bench soak: ${min}/${SOAK_MIN} min · RSS ${fmt(s.rss, 1)} MB · heap used ${fmt(heap.used, 1)} of ${fmt(heap.total, 1)} MiB · load ${fmt(s.load, 1)} · PGlite ${fmt(s.disk / 1e6, 1)} MB · cycle ${s.cycle}`,
      );
    }
  } finally {
    await viewer.close();
    await server.stop();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const one = samples[0];
  const last = samples.at(-1);
  if (!one || !last) return ["soak: no samples"];
  // Growth is judged from minute 2: the first minute holds the start-up peak (PGlite's initdb near 1 GB).
  const base = samples[1] ?? one;
  const growth = ((last.rss - base.rss) / base.rss) * 100;
  const peak = Math.max(...samples.map((s) => s.rss));
  const hours = (last.min - one.min) / 60;
  const out = [
    "",
    `── soak: full preset + stack, ${INTERVAL_MS} ms interval, PGlite, 1 viewer, N = ${SOAK_MIN} min (BENCH_SOAK_MIN)`,
    `  targets: ${targets.WARROOM_API_URL} (API) … ${sim ? "the process sim (no healthy containerised stack was up)" : "from stack.json at the start"}`,
    `server memory (VmRSS of the next start process tree, sampled each minute)`,
    `  after 1 min ${fmt(one.rss, 1)} MB · after ${base.min} min ${fmt(base.rss, 1)} MB · after ${last.min} min ${fmt(last.rss, 1)} MB · growth from min ${base.min} ${fmt(growth, 1)}% · peak ${fmt(peak, 1)} MB · ${last.cycle} cycles   (target growth < 5%)`,
    // RSS also grows when V8 keeps a larger heap on a starved CPU; the live heap tells a leak from that.
    `  V8 heap used (live objects): min ${base.min} ${fmt(base.heapUsed, 1)} MiB → min ${last.min} ${fmt(last.heapUsed, 1)} MiB, ${fmt(((last.heapUsed - base.heapUsed) / base.heapUsed) * 100, 1)}% · load average ${fmt(Math.min(...samples.map((s) => s.load)), 1)}–${fmt(Math.max(...samples.map((s) => s.load)), 1)}`,
    `  samples (MB): ${samples.map((s) => fmt(s.rss)).join(" ")}`,
  ];
  if (hours > 0) {
    out.push(
      `PGlite folder growth (du of WARROOM_DATA_DIR incl. WAL, min 1 → ${last.min}): ${fmt((last.disk - one.disk) / hours / 1e6, 1)} MB per hour`,
    );
  }
  return out;
}
