#!/usr/bin/env node
// The demo war room: simulated BuyWhere stack + dashboard on embedded PostgreSQL, one command.
import { spawn, spawnSync } from "node:child_process";

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

const children = [];
function start(name, cmd, args) {
  const child = spawn(cmd, args, { stdio: "inherit", env });
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
  setTimeout(() => process.exit(code), 4000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on("exit", r)) : null))).then(
    () => process.exit(code),
  );
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

start("simulated stack", "node_modules/.bin/tsx", ["sim/cli.ts", "start"]);
start("dashboard", "node_modules/.bin/next", ["start", "-p", env.PORT, "-H", env.HOSTNAME ?? "127.0.0.1"]);
console.log(
  `\ndemo: war room on http://127.0.0.1:${env.PORT}  ·  faults: npm run sim -- fault on api-down  ·  Ctrl-C stops\n`,
);
