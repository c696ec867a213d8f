#!/usr/bin/env node
// The demo smoke: `npm run demo` on this already-installed clone, as a new user runs it, read until the
// board is sane, then stopped as Ctrl-C stops it. The last step of scripts/test.sh, under the stack lock:
//   bash scripts/with-stack-lock.sh node scripts/demo-smoke.mjs
// It reuses the test run's `next build` (WARROOM_SKIP_BUILD=1) when one is there, and expects the
// containerised stack (the test run has installed what it needs). Prints one summary line; on failure
// the reason and the tail of the demo's output. Every wait is bounded, and a watchdog bounds the whole
// run: nothing in here is synchronous, so its timer always fires.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PRESET = "buywhere-us-launch";
const BOARD_TIMEOUT_S = Number(process.env.DEMO_SMOKE_TIMEOUT_S ?? 150);
const STOP_TIMEOUT_S = 60;
const KILL_GRACE_S = 30;
const REQUEST_TIMEOUT_MS = 5000;
const DOCKER_TIMEOUT_MS = 10_000;
// The board wait, the stop and slack for the reads between them; a failure adds at most KILL_GRACE_S.
const WATCHDOG_S = BOARD_TIMEOUT_S + STOP_TIMEOUT_S + 60;
const STACK_LABELS = ["com.docker.compose.project=buywhere-api", "com.warroom.sim-fault"];

const started = Date.now();
const secs = (from = started) => Math.round((Date.now() - from) / 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dataDir = mkdtempSync(join(tmpdir(), "warroom-demo-smoke-"));
const logFile = join(dataDir, "demo.log");
let output = "";
/** What the smoke is waiting for right now: the watchdog names it. */
let stage = "starting npm run demo";
let failing = false;
let demo = null;
let exited = null;

/** Signals every process of the demo's group, as Ctrl-C in its terminal would. */
function signalGroup(signal) {
  if (!demo?.pid) return;
  try {
    process.kill(-demo.pid, signal);
  } catch {
    // the group is gone already
  }
}

/** True while any process of the demo's group is alive (npm, the demo, the sim, next, their children). */
function isGroupAlive() {
  if (!demo?.pid) return false;
  try {
    process.kill(-demo.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The group's remaining processes as "pid name", from /proc/<pid>/stat (pgrp is its fifth field). */
async function groupProcesses() {
  if (!demo?.pid) return [];
  const found = [];
  for (const pid of (await readdir("/proc").catch(() => [])).filter((d) => /^\d+$/.test(d))) {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const m = /^\d+ \((.*)\) (\S) \d+ (\d+)/.exec(stat);
    if (m && Number(m[3]) === demo.pid && m[2] !== "Z") found.push(`${pid} ${m[1]}`);
  }
  return found;
}

/**
 * Reports, stops the demo (SIGINT to its group, so its containers go; SIGKILL after KILL_GRACE_S) and
 * exits 1. Only timers: it never waits on an event that may not come. Returns a promise that never settles.
 */
function fail(reason) {
  if (failing) return new Promise(() => {});
  failing = true;
  try {
    writeFileSync(logFile, output);
  } catch {
    // the report below still carries the tail
  }
  const tail = output.trimEnd().split("\n").slice(-40).join("\n");
  console.error(
    `demo smoke: FAILED after ${secs()} s: ${reason}\n--- last lines of npm run demo (${logFile}) ---\n${tail}\n---`,
  );
  if (!isGroupAlive()) process.exit(1);
  signalGroup("SIGINT");
  const giveUpAt = Date.now() + KILL_GRACE_S * 1000;
  setInterval(() => {
    if (!isGroupAlive()) process.exit(1);
    if (Date.now() < giveUpAt) return;
    console.error(`demo smoke: the demo's processes outlived SIGINT by ${KILL_GRACE_S} s: SIGKILL`);
    signalGroup("SIGKILL");
    process.exit(1);
  }, 250);
  return new Promise(() => {});
}

// The watchdog: whatever hangs, the smoke ends with the stage it was in.
setTimeout(() => {
  if (failing) {
    signalGroup("SIGKILL");
    process.exit(1);
  }
  void fail(`watchdog: no result within ${WATCHDOG_S} s (stuck while ${stage})`);
}, WATCHDOG_S * 1000);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"])
  process.on(signal, () => void fail(`received ${signal} (stage: ${stage})`));

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
console.log(
  `demo smoke: npm run demo on 127.0.0.1:${port} (${reuseBuild ? "test build reused" : "building"}), ` +
    `board within ${BOARD_TIMEOUT_S} s, watchdog ${WATCHDOG_S} s; output in ${logFile} on failure`,
);
demo = spawn("npm", ["run", "demo"], {
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
demo.on("error", (err) => void fail(`could not start npm run demo: ${err.message}`));
demo.on("exit", (code, signal) => {
  exited = code ?? signal;
});
for (const s of [demo.stdout, demo.stderr]) s.on("data", (d) => (output += d));

async function getJson(path) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
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

/** `docker ps` of the stack's containers and fault helpers (ids), bounded; throws when docker does not answer. */
function stackContainers() {
  const ps = (label) =>
    new Promise((resolve, reject) => {
      execFile(
        "docker",
        ["ps", "-aq", "--filter", `label=${label}`],
        { timeout: DOCKER_TIMEOUT_MS, killSignal: "SIGKILL" },
        (err, stdout) =>
          err
            ? reject(
                new Error(`docker ps: ${err.killed ? `no answer in ${DOCKER_TIMEOUT_MS} ms` : err.message}`),
              )
            : resolve(stdout.trim()),
      );
    });
  return Promise.all(STACK_LABELS.map(ps)).then((ids) => ids.filter(Boolean).join(" "));
}

// 1. Wait for a sane board.
const deadline = Date.now() + BOARD_TIMEOUT_S * 1000;
let board = null;
let last = "no answer yet";
while (board === null) {
  stage = `waiting for a sane board (${last})`;
  if (exited !== null) await fail(`npm run demo exited (${exited}) before the board was sane (${last})`);
  if (Date.now() > deadline) await fail(`no sane board within ${BOARD_TIMEOUT_S} s: ${last}`);
  try {
    const { status, body } = await getJson("/api/state");
    last = status === 200 ? (boardProblem(body) ?? "ok") : `/api/state answered ${status}`;
    // The board answers while the containers are still being created: a user starts once the demo says
    // the stack is up (or that it runs the process stack instead).
    if (last === "ok" && !/stack up in|running the simulated stack as processes/.test(output))
      last = "the containerised stack is still coming up";
    if (last === "ok") board = body;
  } catch (err) {
    last = `/api/state: ${err.cause?.code ?? err.message}`;
  }
  if (board === null) await sleep(1000);
}
const boardAfter = secs();
// The test run has installed and started everything (ensure-services), so the demo must take the
// containerised stack, as on a new user's machine; the process stack here means the demo's own set-up broke.
if (!output.includes("over the containerised stack")) {
  const why = /^demo: (.*): running the simulated stack as processes/m.exec(output)?.[1] ?? "see its output";
  await fail(`the demo ran the process stack, not the containers (${why})`);
}

// 2. The dashboard's own health and metrics, as an operator reads them.
stage = "reading /api/health and /metrics";
const health = await getJson("/api/health").catch((err) => fail(`/api/health: ${err.message}`));
if (health.status !== 200)
  await fail(`/api/health answered ${health.status}: ${JSON.stringify(health.body)}`);
const metrics = await getJson("/metrics").catch((err) => fail(`/metrics: ${err.message}`));
const cycles = /^warroom_cycle_duration_seconds_count (\d+)/m.exec(String(metrics.body))?.[1];
if (metrics.status !== 200 || !cycles)
  await fail(`/metrics answered ${metrics.status} without warroom_cycle_duration_seconds`);

// 3. Stop it as Ctrl-C does; wait for every process of the demo (not only npm) and its containers to go.
const stopAt = Date.now();
const stopDeadline = stopAt + STOP_TIMEOUT_S * 1000;
stage = "waiting for the demo's processes to exit after SIGINT";
signalGroup("SIGINT");
while (isGroupAlive() && Date.now() < stopDeadline) await sleep(250);
if (isGroupAlive()) {
  const left = (await groupProcesses()).join(", ");
  await fail(
    `still running ${STOP_TIMEOUT_S} s after SIGINT (npm ${exited === null ? "too" : `exited ${exited}`}): ${left}`,
  );
}
stage = "waiting for the stack's containers to be removed";
let leftovers = "";
for (;;) {
  leftovers = await stackContainers().catch((err) => fail(err.message));
  if (leftovers === "" || Date.now() >= stopDeadline) break;
  await sleep(500);
}
if (leftovers !== "") await fail(`containers left ${STOP_TIMEOUT_S} s after stopping the demo: ${leftovers}`);
const stoppedIn = secs(stopAt);
// The watchdog or a signal may have failed the run while this flow was still waiting.
if (failing) await new Promise(() => {});
rmSync(dataDir, { recursive: true, force: true });

const c = board.counts;
console.log(
  `demo smoke: ok in ${secs()} s — containerised stack, ${reuseBuild ? "test build reused" : "built"}; ` +
    `board after ${boardAfter} s: ${board.checks.length} checks (${c.ok} ok, ${c.warn} warn, ${c.crit} crit, ${c.unknown} unknown), ` +
    `cycle ${board.cycle.number}, /metrics ${cycles} cycles; stopped in ${stoppedIn} s (exit ${exited}), containers removed`,
);
process.exit(0);
