// Sections `cycle`, `events`, `storage`: the full BuyWhere preset against the containerised stack.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Docker from "dockerode";
import type { BoardState } from "@/lib/model/board";
import { loadRunbook } from "@/lib/runbook/load-runbook";
import { followEngine } from "@/test/support/engine-events";
import { adminQuery, benchDbUrl } from "./admin-pg";
import { type Dashboard, fmt, percentile, sleep, startDashboard, startHangingServer, until } from "./common";
import { openViewer, type ViewerMessage } from "./sse-viewer";
import { measurePresetStorage, storageLine, storedSizes, tableSizes } from "./storage";

const SOCKET = process.env.DOCKER_SOCKET ?? "/var/run/docker.sock";
const PROJECT = "buywhere-api";
const EVENT_SERVICE = process.env.BENCH_EVENT_SERVICE ?? "scraper-scheduler";
export const STACK_INTERVAL_MS = Number(process.env.BENCH_STACK_INTERVAL_MS ?? 2000);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 30);
const EVENT_TRIALS = Number(process.env.BENCH_EVENT_TRIALS ?? 10);
const LOCK = process.env.BENCH_STACK_LOCK ?? "/tmp/warroom-stack.lock";

/**
 * The preset's target URLs for the stack as last brought up (`.warroom/stack/stack.json`): another run may
 * have moved its ports (SIM_*_PORT), and the preset's defaults would then read a stack that is not there.
 */
export function stackTargetsEnv(): Record<string, string> {
  const dir = process.env.WARROOM_STACK_DIR ?? ".warroom/stack";
  let ports: Record<string, number>;
  try {
    ports = JSON.parse(readFileSync(path.join(dir, "stack.json"), "utf8")).ports;
  } catch {
    return {};
  }
  const at = (p: number | undefined) => `127.0.0.1:${p}`;
  const pgUrl = (p: number | undefined) => `postgres://buywhere:buywhere@${at(p)}/catalog`;
  return {
    WARROOM_API_URL: `http://${at(ports.api)}`,
    WARROOM_MCP_URL: `http://${at(ports.mcp)}`,
    WARROOM_TLS_PORT: String(ports.apiTls),
    WARROOM_DB_URL: pgUrl(ports.db),
    WARROOM_REPLICA_URL: pgUrl(ports.replica),
    WARROOM_PGBOUNCER_ADMIN_URL: `postgres://pgbouncer:pgbouncer@${at(ports.pgbouncer)}/pgbouncer`,
    WARROOM_REDIS_URL: `redis://${at(ports.redis)}`,
  };
}

/** Every container of the stack exists and is healthy, or why not. */
export async function stackProblem(docker = new Docker({ socketPath: SOCKET })): Promise<string | null> {
  try {
    const list = await docker.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${PROJECT}`] },
    });
    if (list.length < 7) return `only ${list.length} of 7 stack containers exist (npm run sim -- stack up)`;
    const bad = list.filter((c) => !/\(healthy\)/.test(c.Status)).map((c) => `${c.Names[0]} ${c.Status}`);
    return bad.length ? `not healthy: ${bad.join(", ")}` : null;
  } catch (err) {
    return `no Docker engine at ${SOCKET}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Holds the stack lock (COMMON.md: one user of the fixed-name stack at a time) until release is called or
 * this process dies: `flock` keeps it while its `cat` reads our stdin.
 */
export async function holdStackLock(): Promise<() => void> {
  if (LOCK === "") return () => {};
  const child: ChildProcess = spawn("flock", [LOCK, "sh", "-c", "echo locked; exec cat >/dev/null"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const t = Date.now();
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`flock ${LOCK} exited with ${code}`)));
  });
  const waited = Date.now() - t;
  if (waited > 1000) console.error(`bench: waited ${fmt(waited / 1000, 1)} s for ${LOCK}`);
  return () => child.stdin?.end();
}

export function stackReset(): void {
  const r = spawnSync("node_modules/.bin/tsx", ["sim/cli.ts", "stack", "reset"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) throw new Error(`stack reset failed (exit ${r.status})`);
}

/** The longest timeout a check of this runbook gets (the collector caps each at interval − 100 ms). */
export function longestTimeoutMs(env: Record<string, string | undefined>): { ms: number; checks: number } {
  const { runbook } = loadRunbook(env);
  const timeouts = runbook.checks.map((c) =>
    Math.max(
      100,
      Math.min(c.timeoutMs ?? runbook.collector.defaultTimeoutMs, runbook.collector.intervalMs - 100),
    ),
  );
  return { ms: Math.max(...timeouts), checks: runbook.checks.length };
}

/** Distinct cycles seen by a viewer (a pushed event re-sends the last cycle; counted once). */
function cyclesOf(messages: ViewerMessage[]): BoardState[] {
  return [
    ...new Map(messages.filter((m) => m.state.cycle).map((m) => [m.state.cycle?.number, m.state])).values(),
  ];
}

function notOk(state: BoardState | undefined): string {
  const bad = state?.checks.filter((c) => c.level !== "ok") ?? [];
  return bad.length === 0
    ? "none"
    : bad.map((c) => `${c.id} ${c.level} (${c.summary.slice(0, 90)})`).join("; ");
}

export type StackSelection = { cycle: boolean; events: boolean; storage: boolean };

export async function runStackSections(sel: StackSelection): Promise<string[]> {
  const out: string[] = [
    "",
    `── full BuyWhere preset + containerised stack · interval ${STACK_INTERVAL_MS} ms`,
  ];
  const docker = new Docker({ socketPath: SOCKET });
  const release = await holdStackLock();
  const dir = mkdtempSync(path.join(tmpdir(), "warroom-bench-stack-"));
  const dbName = `warroom_bench_${process.pid}`;
  const dbUrl = benchDbUrl(dbName);
  let server: Dashboard | null = null;
  try {
    const problem = await stackProblem(docker);
    if (problem) {
      stackReset();
      const still = await stackProblem(docker);
      if (still) return [...out, `  skipped: ${still}`];
    }
    const env: Record<string, string> = {
      ...stackTargetsEnv(),
      WARROOM_INTERVAL_MS: String(STACK_INTERVAL_MS),
    };
    out.push(
      `  targets: ${env.WARROOM_API_URL ?? "preset defaults"} (API), ${env.WARROOM_REDIS_URL ?? ""} … from stack.json`,
    );
    const longest = longestTimeoutMs({ ...process.env, ...env, WARROOM_RUNBOOK: undefined });

    // Server 1: healthy stack; snapshots into a fresh PostgreSQL database so their size can be read exactly.
    await adminQuery(`CREATE DATABASE ${dbName}`);
    server = await startDashboard({ ...env, DATABASE_URL: dbUrl });
    const messages: ViewerMessage[] = [];
    const viewer = await openViewer(server.base, (m) => messages.push(m));
    await until("two cycles", () => (viewer.latest()?.cycle?.number ?? 0) >= 2, 30_000);
    const first = await storedSizes(dbUrl);
    const firstAt = Date.now();

    if (sel.cycle) {
      const from = viewer.latest()?.cycle?.number ?? 0;
      await until(
        "cycles",
        () => (viewer.latest()?.cycle?.number ?? 0) >= from + CYCLES,
        CYCLES * STACK_INTERVAL_MS * 3,
      );
      const cycles = cyclesOf(messages).filter((s) => (s.cycle?.number ?? 0) > from);
      const d = cycles.map((s) => s.cycle?.durationMs ?? 0);
      out.push(
        `collector cycle time, everything healthy (${d.length} cycles, ${longest.checks} checks concurrently)`,
      );
      out.push(
        `  p50 ${fmt(percentile(d, 50))} ms · p95 ${fmt(percentile(d, 95))} ms · max ${fmt(Math.max(...d))} ms   (target < 500 ms)`,
      );
      out.push(`  not ok during the run: ${notOk(cycles.at(-1))}`);
    }

    if (sel.events) out.push(...(await measureEvents(docker, server, messages)));

    if (sel.storage) {
      await sleep(STACK_INTERVAL_MS * 2); // let the snapshot writer flush
      const last = await tableSizes(dbUrl);
      const ms = Date.now() - firstAt;
      out.push(
        `snapshot storage during the sections above (${STACK_INTERVAL_MS} ms, the event trials' level changes included; growth over ${fmt(ms / 60_000, 1)} min)`,
      );
      out.push(storageLine(first, last, ms, STACK_INTERVAL_MS));
    }
    await viewer.close();
    await server.stop();
    server = null;

    if (sel.cycle) out.push(...(await measureHang(env)));
    if (sel.storage) {
      await adminQuery(`CREATE DATABASE ${dbName}_preset`);
      try {
        out.push(...(await measurePresetStorage(env, `${dbUrl}_preset`)));
      } finally {
        await adminQuery(`DROP DATABASE IF EXISTS ${dbName}_preset WITH (FORCE)`).catch(() => {});
      }
    }
  } finally {
    await server?.stop();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    try {
      stackReset(); // leave it as COMMON.md asks: up, every fault off
    } catch (err) {
      console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    }
    release();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** Stop a stack container: engine `die` event → the tile crit at an SSE viewer, and in a Chromium page. */
async function measureEvents(
  docker: Docker,
  server: Dashboard,
  messages: ViewerMessage[],
): Promise<string[]> {
  const name = `${PROJECT}-${EVENT_SERVICE}-1`;
  const tileId = messages
    .at(-1)
    ?.state.checks.find((c) => c.kind === "docker-container" && c.evidence.container === name)?.id;
  if (!tileId) return [`container event → screen: skipped (no docker-container check reads ${name})`];
  const engine = await followEngine(docker);
  const page = await openPage(server.base, tileId);
  const sse: number[] = [];
  const dom: number[] = [];
  // Where the time goes: event → the re-read starts (stream, match, 15 ms window, event loop), the probe
  // itself (engine answers), reading → viewer (board build, JSON, SSE).
  const parts: Array<{ wait: number; probe: number; deliver: number }> = [];
  const level = (m: ViewerMessage) => m.state.checks.find((c) => c.id === tileId)?.level;
  try {
    for (let i = 0; i < EVENT_TRIALS; i++) {
      await sleep(Math.random() * STACK_INTERVAL_MS); // random phase against the cycle
      await page?.arm();
      const since = Date.now();
      await docker.getContainer(name).stop({ t: 0 });
      const die = await until(
        "die event",
        () => engine.events.find((e) => e.name === name && e.action === "die" && e.timeMs >= since - 5),
        10_000,
      );
      const seen = await until(
        `${tileId} crit at the viewer`,
        () => messages.find((m) => m.receivedAtMs >= since && level(m) === "crit"),
        10_000,
      );
      sse.push(seen.receivedAtMs - die.timeMs);
      const tile = seen.state.checks.find((c) => c.id === tileId);
      if (tile?.collectedAt && tile.durationMs !== null) {
        const done = Date.parse(tile.collectedAt);
        parts.push({
          wait: done - tile.durationMs - die.timeMs,
          probe: tile.durationMs,
          deliver: seen.receivedAtMs - done,
        });
      }
      const shownAt = await page?.critAt();
      if (shownAt) dom.push(shownAt - die.timeMs);
      const back = Date.now();
      await docker.getContainer(name).start();
      await until(
        "tile ok again",
        () => messages.find((m) => m.receivedAtMs >= back && level(m) === "ok"),
        60_000,
      );
    }
  } finally {
    engine.stop();
    await page?.close();
  }
  const lines = [
    `container event → screen (docker stop ${name}; from the engine's die event time to the tile crit, ${sse.length} trials)`,
    `  SSE viewer: p50 ${fmt(percentile(sse, 50))} ms · p95 ${fmt(percentile(sse, 95))} ms · max ${fmt(Math.max(...sse))} ms   (target p95 ≤ 300 ms)`,
  ];
  const p50 = (k: "wait" | "probe" | "deliver") =>
    fmt(
      percentile(
        parts.map((x) => x[k]),
        50,
      ),
    );
  const p95 = (k: "wait" | "probe" | "deliver") =>
    fmt(
      percentile(
        parts.map((x) => x[k]),
        95,
      ),
    );
  lines.push(
    `  split (p50 / p95): event → re-read starts ${p50("wait")} / ${p95("wait")} ms · probe ${p50("probe")} / ${p95("probe")} ms · reading → viewer ${p50("deliver")} / ${p95("deliver")} ms`,
  );
  lines.push(
    dom.length
      ? `  Chromium page (tile data-level=crit in the DOM): p50 ${fmt(percentile(dom, 50))} ms · p95 ${fmt(percentile(dom, 95))} ms · max ${fmt(Math.max(...dom))} ms`
      : "  Chromium page: not measured (no Chromium / Playwright)",
  );
  return lines;
}

/** The board in headless Chromium; `critAt` is when the tile's data-level turned crit (page clock = host). */
async function openPage(base: string, tileId: string) {
  try {
    const { chromium } = await import("playwright");
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    });
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForSelector(`[data-testid="tile-${tileId}"]`, { timeout: 30_000 });
    return {
      // Scripts as strings: tsx would wrap named functions in a helper the page does not have.
      arm: () =>
        page.evaluate(`(() => {
          window.__critAt = null;
          window.__obs?.disconnect();
          const sel = '[data-testid="tile-${tileId}"]';
          const look = () => {
            const el = document.querySelector(sel);
            if (window.__critAt === null && el?.getAttribute("data-level") === "crit") window.__critAt = Date.now();
          };
          window.__obs = new MutationObserver(look);
          window.__obs.observe(document.body, { attributes: true, childList: true, subtree: true });
        })()`),
      critAt: async (): Promise<number | null> => {
        try {
          await page.waitForFunction("window.__critAt !== null", null, { timeout: 10_000 });
          return Number(await page.evaluate("window.__critAt"));
        } catch {
          return null;
        }
      },
      close: () => browser.close(),
    };
  } catch (err) {
    console.error(`bench: Chromium page not used: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

/** A target that accepts and never answers (Redis and the PgBouncer console): the cycle must stay bounded. */
async function measureHang(env: Record<string, string>): Promise<string[]> {
  const hang = await startHangingServer();
  const dir = mkdtempSync(path.join(tmpdir(), "warroom-bench-hang-"));
  const hangEnv = {
    ...env,
    WARROOM_REDIS_URL: `redis://127.0.0.1:${hang.port}`,
    WARROOM_PGBOUNCER_ADMIN_URL: `postgres://pgbouncer:pgbouncer@127.0.0.1:${hang.port}/pgbouncer`,
    WARROOM_DATA_DIR: path.join(dir, "pglite"),
  };
  const longest = longestTimeoutMs({ ...process.env, ...hangEnv, WARROOM_RUNBOOK: undefined });
  let server: Dashboard | null = null;
  try {
    server = await startDashboard(hangEnv);
    const messages: ViewerMessage[] = [];
    const viewer = await openViewer(server.base, (m) => messages.push(m));
    const n = Math.max(10, Math.round(CYCLES / 2));
    await until(
      "hang cycles",
      () => (viewer.latest()?.cycle?.number ?? 0) >= n + 1,
      n * STACK_INTERVAL_MS * 3,
    );
    await viewer.close();
    const cycles = cyclesOf(messages).filter((s) => (s.cycle?.number ?? 0) > 1);
    const d = cycles.map((s) => s.cycle?.durationMs ?? 0);
    const hung = cycles
      .at(-1)
      ?.checks.filter((c) => c.level === "unknown" || c.level === "crit")
      .map((c) => `${c.id}: ${c.summary.slice(0, 80)}`)
      .join("; ");
    const bound = longest.ms + 100;
    return [
      `collector cycle time with Redis and the PgBouncer console hanging (accept, never answer; ${d.length} cycles)`,
      `  p50 ${fmt(percentile(d, 50))} ms · p95 ${fmt(percentile(d, 95))} ms · max ${fmt(Math.max(...d))} ms   (bound: longest probe timeout ${longest.ms} ms + 100 = ${bound} ms → ${Math.max(...d) <= bound ? "within" : "OVER"})`,
      `  read as: ${hung || "none"}`,
    ];
  } finally {
    await server?.stop();
    await hang.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
