#!/usr/bin/env node
// The demo war room: simulated BuyWhere stack + dashboard on embedded PostgreSQL, one command.
// With a Docker engine the stack runs as containers (real PostgreSQL, PgBouncer, Redis: every tile of
// the preset is live); without one, as processes (the infra tiles then say what is unreachable).
import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import { withServerEnv } from "./server-env.mjs";

const env = { ...process.env };
env.PORT ??= "3000";
// The preset's launch is 23 April 2026; the demo puts T-0 two hours ahead so the countdown runs.
env.WARROOM_LAUNCH_AT ??= "now+2h";
// Demo credentials for the runbook's people (docs/launch-flow.md); never set in production.
env.WARROOM_DEMO ??= "1";
env.NEXT_MANUAL_SIG_HANDLE = "true";
env.NEXT_TELEMETRY_DISABLED = "1";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`demo: "${cmd} ${args.join(" ")}" failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

run("bash", ["scripts/prisma-generate.sh"]);
if (env.WARROOM_SKIP_BUILD !== "1") run("node_modules/.bin/next", ["build"]);

// The sim runs as one node process with tsx's loader, not under the `tsx` CLI: the CLI relays Ctrl-C to its
// child and SIGKILLs it when the child has not acknowledged within 30 ms, which a busy or loaded machine
// misses — the sim then dies before it takes its containers down.
const SIM = ["--import", "tsx", "sim/cli.ts"];
const children = [];
function start(name, cmd, args, childEnv = env) {
  const child = spawn(cmd, args, { stdio: "inherit", env: childEnv });
  children.push(child);
  child.on("exit", (code, signal) => {
    console.log(`demo: ${name} exited (${code ?? signal}); stopping the rest`);
    stopAll(code ?? 1);
  });
  return child;
}

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  // The containerised stack takes its containers down before it exits: give it the time to.
  setTimeout(() => process.exit(code), 30_000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on("exit", r)) : null))).then(
    () => process.exit(code),
  );
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

/** Whether a Docker engine answers GET /_ping on the socket within 2 s. */
function engineAnswers(socketPath) {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: "/_ping", timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

const socket = env.WARROOM_DOCKER_SOCKET ?? env.DOCKER_SOCKET ?? "/var/run/docker.sock";
env.WARROOM_DOCKER_SOCKET = socket;
env.DOCKER_SOCKET = socket;
// The same install-and-start script as the tests (Docker engine, PgBouncer, PostgreSQL, Redis), minus the
// browser. The stack's images are made from those host binaries, so when it fails the process stack runs.
let servicesReady = true;
if (env.WARROOM_DEMO_STACK !== "process") {
  const r = spawnSync("bash", ["scripts/ensure-services.sh", "--demo"], { stdio: "inherit", env });
  servicesReady = r.status === 0;
  if (!servicesReady)
    console.log("demo: scripts/ensure-services.sh failed (see above); running the process stack instead");
}
const useDocker = env.WARROOM_DEMO_STACK !== "process" && servicesReady && (await engineAnswers(socket));

if (useDocker) {
  console.log(
    `demo: Docker engine at ${socket}: running the simulated stack as containers (sim start --docker)`,
  );
  start("simulated stack (containers)", process.execPath, [...SIM, "start", "--docker"]);
} else {
  const why = servicesReady ? `no Docker engine at ${socket}` : "the services script failed";
  console.log(
    `demo: ${why}: running the simulated stack as processes (sim start); ` +
      "the container, database, Redis and backup tiles will say what they cannot reach",
  );
  start("simulated stack (processes)", process.execPath, [...SIM, "start"]);
}
// The demo's passwords are published: with them the dashboard listens on loopback only, whatever $HOSTNAME
// says (a shell or a container sets it to the machine's name).
const host = env.WARROOM_DEMO === "1" ? "127.0.0.1" : (env.HOSTNAME ?? "127.0.0.1");
start("dashboard", "node_modules/.bin/next", ["start", "-p", env.PORT, "-H", host], withServerEnv(env));
const faultHint = useDocker ? "npm run sim -- fault on pool-exhaustion" : "npm run sim -- fault on api-down";
console.log(
  `\ndemo: war room on http://127.0.0.1:${env.PORT} over the ${useDocker ? "containerised" : "process"} stack  ·  faults: ${faultHint}  ·  Ctrl-C stops\n`,
);
