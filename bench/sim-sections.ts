// Sections `detection` and `load`: the dashboard against the process sim (random loopback ports).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BoardState } from "@/lib/model/board";
import { startSim } from "@/sim";
import { cpuSeconds, fmt, percentile, rssMb, startDashboard, until } from "./common";
import { openViewer, type ViewerMessage } from "./sse-viewer";

const TRIALS = Number(process.env.BENCH_TRIALS ?? 20);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 1000);
const LOAD_WINDOW_MS = Number(process.env.BENCH_LOAD_WINDOW_MS ?? 30_000);
const VIEWERS = 50;

export async function runSimSections(sections: { detection: boolean; load: boolean }): Promise<string[]> {
  const out: string[] = [];
  const sim = await startSim({ ports: { api: 0, tls: 0, mcp: 0, control: 0 } });
  const dataDir = mkdtempSync(path.join(tmpdir(), "warroom-bench-"));
  let server: Awaited<ReturnType<typeof startDashboard>> | null = null;
  try {
    server = await startDashboard({
      WARROOM_DATA_DIR: path.join(dataDir, "pglite"),
      WARROOM_INTERVAL_MS: String(INTERVAL_MS),
      WARROOM_API_URL: sim.urls.api,
      WARROOM_MCP_URL: sim.urls.mcp,
      WARROOM_TLS_PORT: String(sim.ports.tls),
    });
    const base = server.base;
    const pid = server.pid;
    const messages: ViewerMessage[] = [];
    const viewer = await openViewer(base, (m) => messages.push(m));
    // The preset's infra checks read the containerised stack (or say it is not there); the process sim
    // serves only the HTTP-level ones, so those are what must be ok before timing starts. Uptime tiles are
    // judged from history (unknown until T-0), not probed; Sentry and GA4 are external and not configured here.
    const httpChecks = (s: BoardState | null) =>
      s?.checks.filter((c) => !isInfraKind(c.kind) && !NOT_PROBED_HERE.has(c.kind)) ?? [];
    const levelOf = (s: BoardState | null, id: string) => s?.checks.find((c) => c.id === id)?.level;
    await until(
      "all HTTP-level checks ok",
      () => {
        const checks = httpChecks(viewer.latest());
        return checks.length > 0 && checks.every((c) => c.level === "ok");
      },
      30_000,
      () =>
        httpChecks(viewer.latest())
          .filter((c) => c.level !== "ok")
          .map((c) => `${c.id} (${c.kind}) ${c.level}: ${c.summary}`)
          .join("; "),
    );
    const checkCount = viewer.latest()?.checks.length ?? 0;
    out.push(
      "",
      `── dashboard + process sim on loopback · interval ${INTERVAL_MS} ms · ${checkCount} checks`,
    );

    if (sections.detection) {
      // Fault on → a live viewer receives api-health critical; random phase against the cycle.
      const detection: number[] = [];
      for (let i = 0; i < TRIALS; i++) {
        await new Promise((r) => setTimeout(r, Math.random() * INTERVAL_MS));
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
      const cycles = [...new Map(messages.map((m) => [m.state.cycle?.number, m.state])).values()]
        .filter((s) => httpChecks(s).every((c) => c.level === "ok"))
        .map((s) => s.cycle?.durationMs ?? 0)
        .filter((d) => d > 0);
      out.push(`detection latency (api-down on → crit received by a live viewer, ${TRIALS} trials)`);
      out.push(
        `  p50 ${fmt(percentile(detection, 50))} ms · p95 ${fmt(percentile(detection, 95))} ms · max ${fmt(Math.max(...detection))} ms   (target p95 ≤ 1000 ms; Uptime Kuma p50 510 / p95 920)`,
      );
      out.push(`collector cycle time, process sim (${cycles.length} cycles, all checks concurrently)`);
      out.push(
        `  p50 ${fmt(percentile(cycles, 50))} ms · p95 ${fmt(percentile(cycles, 95))} ms · max ${fmt(Math.max(...cycles))} ms   (target < 250 ms healthy)`,
      );
    }

    if (sections.load) {
      const measureLoad = async (viewers: number) => {
        const beforeReq = sim.requestCount();
        const beforeCpu = cpuSeconds(pid);
        const t = performance.now();
        await new Promise((r) => setTimeout(r, LOAD_WINDOW_MS));
        const elapsed = (performance.now() - t) / 1000;
        const requests = sim.requestCount() - beforeReq;
        const cpu = cpuSeconds(pid) - beforeCpu;
        return { viewers, perMinute: (requests / elapsed) * 60, cpuPct: (cpu / elapsed) * 100 };
      };
      const one = await measureLoad(1);
      const extra = await Promise.all(Array.from({ length: VIEWERS - 1 }, () => openViewer(base)));
      await until("50 viewers connected", () => extra.every((v) => v.latest() !== null), 10_000);
      const fifty = await measureLoad(VIEWERS);
      const rss = rssMb(pid);
      await Promise.all(extra.map((v) => v.close()));
      const checksPerSecond = checkCount * (1000 / INTERVAL_MS);
      out.push(
        `target requests per minute (counted by the simulated stack; load windows ${LOAD_WINDOW_MS / 1000} s)`,
      );
      out.push(
        `  1 viewer: ${fmt(one.perMinute)} /min · ${VIEWERS} viewers: ${fmt(fifty.perMinute)} /min · ratio ${fmt(fifty.perMinute / one.perMinute, 3)}   (target 1.000)`,
      );
      out.push(`server CPU (next start process tree)`);
      out.push(
        `  1 viewer: ${fmt(one.cpuPct, 1)}% of a core · ${VIEWERS} viewers: ${fmt(fifty.cpuPct, 1)}% · RSS ${fmt(rss)} MB`,
      );
      out.push(
        `  per check per second: ${fmt(one.cpuPct / checksPerSecond, 3)}% of a core (1 viewer) · ${fmt(fifty.cpuPct / checksPerSecond, 3)}% (${VIEWERS} viewers)   (Uptime Kuma 0.556%, target ≤ 0.278%)`,
      );
    }
    await viewer.close();
  } finally {
    await server?.stop();
    await sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}

const INFRA_KINDS = new Set([
  "docker-container",
  "docker-env",
  "docker-logs",
  "docker-images",
  "pgbouncer",
  "postgres",
  "redis",
  "host",
  "prometheus-query",
]);
const NOT_PROBED_HERE = new Set(["uptime", "sentry", "ga4"]);
function isInfraKind(kind: string): boolean {
  return INFRA_KINDS.has(kind);
}
