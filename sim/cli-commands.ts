import { callControl, controlUrlFromEnv, SimNotRunningError } from "./control-client";
import { isStackFault, STACK_FAULTS } from "./docker/stack-fault-names";
import { SIM_FAULTS } from "./faults";
import { startOthers, startSim, urlsOf } from "./index";
import { runUntilSignal } from "./run-until-signal";

export const EXIT = { ok: 0, refused: 1, usage: 2, notRunning: 3, noEngine: 4 } as const;

export type CliIo = {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
};

export const USAGE = `usage: npm run sim -- <command>
  start                 run the simulated stack in the foreground until Ctrl-C, with Deal Scout
                        (SIM_DEALSCOUT_PORT, 18100) and the Customer Intelligence API (SIM_CIA_PORT, 18200)
  faults [--json]       list the faults and whether each is on
  fault on <name>       switch a fault on
  fault off <name>      switch a fault off
  reset                 switch every fault off
  stack up|down|status|reset, start --docker, fault on|off <stack fault> [arg]
                        the stack as Docker containers (docs/docker-stack.md)
  dealscout up|down|status|reset, dealscout fault on|off <scenario>
                        Deal Scout's own stack (runbook 003) as Docker containers
faults: ${SIM_FAULTS.join(", ")}
stack faults: ${STACK_FAULTS.join(", ")}
exit codes: 0 ok, 1 refused by the sim, 2 usage error, 3 sim not running, 4 no Docker engine reachable`;

/** Runs one CLI command and returns its exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case "start":
        if (rest.includes("--docker")) return await startDockerCommand(io);
        return await startCommand(io);
      case "stack":
        return await stackCommand(io, rest);
      case "dealscout": {
        const code = await (await import("./dealscout/ds-cli")).runDealScoutCommand(rest, io);
        if (code !== null) return code;
        io.err(`expected: dealscout up | down | status | reset | fault on|off <scenario>\n${USAGE}`);
        return EXIT.usage;
      }
      case "faults":
        return await faultsCommand(io, rest.includes("--json"));
      case "fault":
        return await faultCommand(io, rest);
      case "reset":
        return await resetCommand(io);
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return EXIT.ok;
      default:
        io.err(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
        return EXIT.usage;
    }
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    if (err instanceof Error && err.name === "EngineUnreachableError") return EXIT.noEngine;
    return err instanceof SimNotRunningError ? EXIT.notRunning : EXIT.refused;
  }
}

// The Docker stack's modules (dockerode, pg, ioredis) load only for its commands.
async function stackCommand(io: CliIo, rest: readonly string[]): Promise<number> {
  const code = await (await import("./docker/stack-cli")).runStackCommand(rest, io);
  if (code !== null) return code;
  io.err(`expected: stack up | stack down | stack status [--json] | stack reset\n${USAGE}`);
  return EXIT.usage;
}

/** The stack as containers in the foreground, with Deal Scout and the CIA as processes beside it. */
async function startDockerCommand(io: CliIo): Promise<number> {
  const others = await startOthers(true, io.env);
  try {
    io.out(`  deal-scout  ${others.urls.dealScout}   (WARROOM_PRESET=deal-scout)`);
    io.out(`  cia         ${others.urls.cia}   (WARROOM_PRESET=customer-intelligence)`);
    return await (await import("./docker/stack-cli")).runStackForeground(io);
  } finally {
    await others.stop();
  }
}

async function startCommand(io: CliIo): Promise<number> {
  const sim = await startSim({ env: io.env, otherSystems: true });
  const urls = urlsOf(sim.ports);
  io.out("BuyWhere simulated stack running (Ctrl-C to stop)");
  io.out(`  api      ${urls.api}`);
  io.out(`  api-tls  ${urls.apiTls}`);
  io.out(`  mcp      ${urls.mcp}`);
  io.out(`  control  ${urls.control}`);
  if (sim.others) {
    io.out(`  deal-scout  ${sim.others.urls.dealScout}   (WARROOM_PRESET=deal-scout)`);
    io.out(`  cia         ${sim.others.urls.cia}   (WARROOM_PRESET=customer-intelligence)`);
  }
  return runUntilSignal(sim.stop, io.out);
}

async function faultsCommand(io: CliIo, asJson: boolean): Promise<number> {
  const answer = await callControl(controlUrlFromEnv(io.env), "GET", "/faults");
  if (answer.status !== 200) return refused(io, answer.body);
  if (asJson) io.out(JSON.stringify(answer.body));
  else printFaults(io, answer.body.faults);
  return EXIT.ok;
}

async function faultCommand(io: CliIo, rest: readonly string[]): Promise<number> {
  const [onOff, name, ...extra] = rest;
  if ((onOff === "on" || onOff === "off") && name && isStackFault(name) && extra.length <= 1) {
    return (await import("./docker/stack-cli")).runStackFault(io, name, onOff === "on", extra[0]);
  }
  if ((onOff !== "on" && onOff !== "off") || !name || extra.length > 0) {
    io.err(`expected: fault on <name> | fault off <name>\n${USAGE}`);
    return EXIT.usage;
  }
  const method = onOff === "on" ? "PUT" : "DELETE";
  const answer = await callControl(controlUrlFromEnv(io.env), method, `/faults/${encodeURIComponent(name)}`);
  if (answer.status !== 200) return refused(io, answer.body);
  io.out(`${name} is now ${onOff}`);
  return EXIT.ok;
}

async function resetCommand(io: CliIo): Promise<number> {
  const answer = await callControl(controlUrlFromEnv(io.env), "POST", "/reset");
  if (answer.status !== 200) return refused(io, answer.body);
  io.out("all faults off");
  return EXIT.ok;
}

function printFaults(io: CliIo, faults: unknown): void {
  const entries = typeof faults === "object" && faults !== null ? Object.entries(faults) : [];
  for (const [name, on] of entries) io.out(`${name.padEnd(18)}${on === true ? "on" : "off"}`);
}

function refused(io: CliIo, body: Record<string, unknown>): number {
  io.err(typeof body.detail === "string" ? body.detail : `the sim refused: ${JSON.stringify(body)}`);
  return EXIT.refused;
}
