// `next start` of the build as a child process, for tests and benches that need whole dashboards (several
// replicas on one database): readiness from /api/health, SIGKILL or SIGTERM, its output kept for a failure.
import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "@/scripts/services/test-servers";

export type Health = {
  status: string;
  role: "leader" | "follower";
  roleSince: string;
  replica: { instance: string; epoch: number | null; lastStepDown: string | null };
  collector: { lastCycle: number | null };
};

export type DashboardProcess = {
  base: string;
  pid: number;
  output: string[];
  health: () => Promise<Health | null>;
  /** SIGKILL: no handler runs, the sockets drop (the database sees the session close). */
  kill: () => Promise<void>;
  /** SIGTERM, SIGKILL after 20 s; resolves once the process is gone. */
  stop: () => Promise<void>;
};

export async function startDashboardProcess(
  env: Record<string, string>,
  ready: (h: Health) => boolean = (h) => h.status === "ok",
  timeoutMs = 90_000,
): Promise<DashboardProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    "node_modules/.bin/next",
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: { ...process.env, NEXT_MANUAL_SIG_HANDLE: "true", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split("\n").filter(Boolean));
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const base = `http://127.0.0.1:${port}`;
  const health = () =>
    fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) })
      .then((r) => r.json() as Promise<Health>)
      .catch(() => null);
  const kill = async () => {
    if (!gone()) child.kill("SIGKILL");
    await exited;
  };
  const stop = async () => {
    if (!gone()) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + timeoutMs;
  let last: Health | null = null;
  while (Date.now() < deadline && !gone()) {
    last = await health();
    if (last && ready(last)) return { base, pid: child.pid ?? 0, output, health, kill, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(
    `dashboard on ${base} not ready (last health ${JSON.stringify(last)}); output:\n${output.slice(-40).join("\n")}`,
  );
}

export type SeenBoard = { cycle: number | null; levels: string; receivedAt: number };

/** A live SSE viewer of /api/stream: every board it receives, in order. */
export function watchBoards(base: string): { boards: SeenBoard[]; close: () => void } {
  const boards: SeenBoard[] = [];
  const abort = new AbortController();
  void (async () => {
    const res = await fetch(`${base}/api/stream`, { signal: abort.signal });
    const reader = res.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        if (!message.startsWith("event: state\n")) continue;
        const board = JSON.parse(message.slice(message.indexOf("data: ") + 6)) as {
          cycle: { number: number } | null;
          checks: { id: string; level: string }[];
        };
        boards.push({
          cycle: board.cycle?.number ?? null,
          levels: board.checks.map((c) => `${c.id}:${c.level}`).join(","),
          receivedAt: Date.now(),
        });
      }
    }
  })().catch(() => {});
  return { boards, close: () => abort.abort() };
}
