// Helpers shared by the bench sections: ports, waiting, /proc readings, the dashboard server.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import { withServerEnv } from "../scripts/server-env.mjs";

export const DIST_DIR = process.env.WARROOM_DIST_DIR ?? ".next";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? Number.NaN;
}

export const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");

export async function freePort(): Promise<number> {
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

export async function until<T>(
  what: string,
  fn: () => T | null | undefined | false,
  timeoutMs: number,
  /** What is still wrong, for the error when the wait times out. */
  pending?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) {
      const left = pending?.();
      throw new Error(`bench: timed out waiting for ${what}${left ? `; still: ${left}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readProc(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** A process and all its descendants, from /proc. */
function processTree(rootPid: number): number[] {
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++) {
    const children = readProc(`/proc/${pids[i]}/task/${pids[i]}/children`);
    if (children) pids.push(...children.trim().split(/\s+/).filter(Boolean).map(Number));
  }
  return pids;
}

/** CPU seconds (user + system) of a process and its descendants. */
export function cpuSeconds(rootPid: number): number {
  const ticks = 100; // CLK_TCK on Linux
  let total = 0;
  for (const pid of processTree(rootPid)) {
    const stat = readProc(`/proc/${pid}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    total += (Number(fields[11]) + Number(fields[12])) / ticks;
  }
  return total;
}

/** Resident memory (VmRSS) of a process and its descendants, MB. */
export function rssMb(rootPid: number): number {
  let kb = 0;
  for (const pid of processTree(rootPid)) {
    const status = readProc(`/proc/${pid}/status`) ?? "";
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return kb / 1024;
}

/** Bytes of a directory tree (files only). */
export function dirBytes(dir: string): number {
  let total = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of entries) {
    const p = path.join(dir, name);
    try {
      const s = statSync(p);
      total += s.isDirectory() ? dirBytes(p) : s.size;
    } catch {
      // removed while walking
    }
  }
  return total;
}

export type Dashboard = { base: string; pid: number; stop: () => Promise<void> };

/** `next start` of the build in DIST_DIR with the given environment; resolves once /api/health answers. */
export async function startDashboard(
  env: Record<string, string>,
  onSpawn?: (pid: number) => void,
): Promise<Dashboard> {
  const port = await freePort();
  const server: ChildProcess = spawn(
    "node_modules/.bin/next",
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    {
      stdio: ["ignore", "ignore", "inherit"],
      // Started as `npm start` and the demo start it (scripts/server-env.json), unless the bench's caller overrides.
      env: withServerEnv({
        ...process.env,
        NEXT_MANUAL_SIG_HANDLE: "true",
        WARROOM_DIST_DIR: DIST_DIR,
        ...env,
      }),
    },
  );
  if (server.pid) onSpawn?.(server.pid);
  const exited = new Promise((r) => server.once("exit", r));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null) server.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (server.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error("bench: dashboard did not become healthy");
    }
    await sleep(200);
  }
  return { base, pid: server.pid ?? 0, stop };
}

/** A TCP server that accepts connections and never answers: a hanging target. */
export async function startHangingServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const srv: Server = createServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const addr = srv.address();
  return {
    port: typeof addr === "object" && addr ? addr.port : 0,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

/** The server's own heap figures (prom-client's default metrics on /metrics), MiB; NaN when unreadable. */
export async function serverHeapMib(base: string): Promise<{ used: number; total: number }> {
  const text = await fetch(`${base}/metrics`).then(
    (r) => r.text(),
    () => "",
  );
  const mib = (name: string) => {
    const m = new RegExp(`^warroom_${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, "m").exec(text);
    return m ? Number(m[1]) / 1048576 : Number.NaN;
  };
  return { used: mib("nodejs_heap_size_used_bytes"), total: mib("nodejs_heap_size_total_bytes") };
}
