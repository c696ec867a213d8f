#!/usr/bin/env node
// The demo smoke: `npm run demo` on this already-installed clone, as a new user runs it, read until the
// board is sane, then stopped as Ctrl-C stops it. scripts/test.sh runs it last, under the stack lock:
//   flock /tmp/warroom-stack.lock node scripts/demo-smoke.mjs
// It reuses the test run's `next build` (WARROOM_SKIP_BUILD=1) when one is there, and expects the
// containerised stack (the test run has installed what it needs). Prints one summary line;
// on failure the reason and the tail of the demo's output. DEMO_SMOKE_TIMEOUT_S bounds the wait (150).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PRESET = "buywhere-us-launch";
const TIMEOUT_S = Number(process.env.DEMO_SMOKE_TIMEOUT_S ?? 150);
const STOP_TIMEOUT_S = 60;
const started = Date.now();
const secs = (from = started) => Math.round((Date.now() - from) / 1000);

const dataDir = mkdtempSync(join(tmpdir(), "warroom-demo-smoke-"));
const logFile = join(dataDir, "demo.log");
let output = "";

/** Reports, stops the demo (as Ctrl-C does, so its containers go; SIGKILL after 30 s) and exits 1. */
function fail(reason) {
  writeFileSync(logFile, output);
  const tail = output.trimEnd().split("\n").slice(-40).join("\n");
  console.error(
    `demo smoke: FAILED after ${secs()} s: ${reason}\n--- last lines of npm run demo (${logFile}) ---\n${tail}`,
  );
  if (exited !== null) process.exit(1);
  demo.on("exit", () => process.exit(1));
  stopDemo("SIGINT");
  setTimeout(() => {
    stopDemo("SIGKILL");
    process.exit(1);
  }, 30_000);
  return new Promise(() => {});
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

const port = process.env.DEMO_SMOKE_PORT ?? String(await freePort());
const reuseBuild = existsSync(".next/BUILD_ID");
const demo = spawn("npm", ["run", "demo"], {
  // Its own process group: stopping it signals the demo and every child, as Ctrl-C in a terminal does.
  detached: true,
  stdio: ["ignore", "pipe", "pipe"],
  env: {
    ...process.env,
    PORT: port,
    WARROOM_DATA_DIR: join(dataDir, "pglite"),
    ...(reuseBuild ? { WARROOM_SKIP_BUILD: "1" } : {}),
  },
});
let exited = null;
demo.on("exit", (code, signal) => {
  exited = code ?? signal;
});
for (const s of [demo.stdout, demo.stderr]) s.on("data", (d) => (output += d));

function stopDemo(signal) {
  try {
    process.kill(-demo.pid, signal);
  } catch {
    // the group is gone already
  }
}

async function getJson(path) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) });
  return {
    status: res.status,
    body: res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text(),
  };
}

/** What is wrong with the board, or null when it is sane: the preset's checks, a cycle, something ok. */
function boardProblem(board) {
  if (board.runbook?.id !== PRESET) return `runbook is ${board.runbook?.id}, want ${PRESET}`;
  if (board.runbook?.source !== `preset:${PRESET}`) return `source is ${board.runbook?.source}`;
  if (!Array.isArray(board.checks) || board.checks.length < 10) return `${board.checks?.length ?? 0} checks`;
  if (!board.cycle) return "no collection cycle yet";
  if (!(board.counts?.ok > 0)) return "no check is ok";
  return null;
}

// 1. Wait for a sane board.
const deadline = Date.now() + TIMEOUT_S * 1000;
let board = null;
let last = "no answer yet";
while (true) {
  if (exited !== null) await fail(`npm run demo exited (${exited}) before the board was sane (${last})`);
  if (Date.now() > deadline) await fail(`no sane board within ${TIMEOUT_S} s: ${last}`);
  try {
    const { status, body } = await getJson("/api/state");
    last = status === 200 ? (boardProblem(body) ?? "ok") : `/api/state answered ${status}`;
    // The board answers while the containers are still being created: a user starts once the demo says
    // the stack is up (or that it runs the process stack instead).
    if (last === "ok" && !/stack up in|running the simulated stack as processes/.test(output))
      last = "the containerised stack is still coming up";
    if (last === "ok") {
      board = body;
      break;
    }
  } catch (err) {
    last = `/api/state: ${err.cause?.code ?? err.message}`;
  }
  await new Promise((r) => setTimeout(r, 1000));
}
const boardAfter = secs();
const docker = output.includes("over the containerised stack");
// The test run has installed and started everything (ensure-services), so the demo must take the
// containerised stack, as on a new user's machine; the process stack here means the demo's own set-up broke.
if (!docker) {
  const why = /^demo: (.*): running the simulated stack as processes/m.exec(output)?.[1] ?? "see its output";
  await fail(`the demo ran the process stack, not the containers (${why})`);
}

// 2. The dashboard's own health and metrics, as an operator reads them.
const health = await getJson("/api/health").catch((err) => fail(`/api/health: ${err.message}`));
if (health.status !== 200)
  await fail(`/api/health answered ${health.status}: ${JSON.stringify(health.body)}`);
const metrics = await getJson("/metrics").catch((err) => fail(`/metrics: ${err.message}`));
const cycles = /^warroom_cycle_duration_seconds_count (\d+)/m.exec(String(metrics.body))?.[1];
if (metrics.status !== 200 || !cycles)
  await fail(`/metrics answered ${metrics.status} without warroom_cycle_duration_seconds`);

// 3. Stop it as Ctrl-C does, and wait for the demo (and its containers) to be gone.
const stopAt = Date.now();
stopDemo("SIGINT");
while (exited === null && secs(stopAt) < STOP_TIMEOUT_S) await new Promise((r) => setTimeout(r, 250));
if (exited === null) await fail(`npm run demo still running ${STOP_TIMEOUT_S} s after SIGINT`);
let leftovers = "";
const ps = () =>
  ["com.docker.compose.project=buywhere-api", "com.warroom.sim-fault"]
    .map((label) =>
      (
        spawnSync("docker", ["ps", "-aq", "--filter", `label=${label}`], { encoding: "utf8" }).stdout ?? ""
      ).trim(),
    )
    .join(" ")
    .trim();
leftovers = ps();
while (leftovers !== "" && secs(stopAt) < STOP_TIMEOUT_S) {
  await new Promise((r) => setTimeout(r, 500));
  leftovers = ps();
}
if (leftovers !== "") await fail(`containers left ${STOP_TIMEOUT_S} s after stopping the demo: ${leftovers}`);
const stoppedIn = secs(stopAt);
rmSync(dataDir, { recursive: true, force: true });

const c = board.counts;
console.log(
  `demo smoke: ok in ${secs()} s — containerised stack, ${reuseBuild ? "test build reused" : "built"}; ` +
    `board after ${boardAfter} s: ${board.checks.length} checks (${c.ok} ok, ${c.warn} warn, ${c.crit} crit, ${c.unknown} unknown), ` +
    `cycle ${board.cycle.number}, /metrics ${cycles} cycles; stopped in ${stoppedIn} s (exit ${exited}), containers removed`,
);
