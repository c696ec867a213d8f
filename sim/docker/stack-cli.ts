import type { CliIo } from "../cli-commands";
import { runUntilSignal } from "../run-until-signal";
import { STACK_FAULT_IMPLS } from "./faults";
import { stackDown } from "./stack-down";
import type { StackFault } from "./stack-fault-names";
import { resetStack, setStackFault } from "./stack-faults";
import { readStackStatus, type StackStatus } from "./stack-status";
import { stackUp } from "./stack-up";

export const STACK_USAGE = `  stack up              build what is missing and run the stack as Docker containers (stays up)
  stack down            remove the stack's containers
  stack status [--json] containers, health, faults, URLs
  stack reset           every fault off, the good API image back, all healthy
  start --docker        stack up in the foreground; Ctrl-C takes it down
  fault on|off <stack fault> [arg]   a fault on the containers' real servers`;

/** `npm run sim -- stack <up|down|status|reset>`; returns the exit code (errors are thrown). */
export async function runStackCommand(args: readonly string[], io: CliIo): Promise<number | null> {
  const [sub, ...rest] = args;
  const opts = { env: io.env, log: io.out };
  switch (sub) {
    case "up":
      await up(io);
      return 0;
    case "down": {
      const removed = await stackDown(opts);
      io.out(
        removed.length > 0
          ? `stack down: removed ${removed.length} containers`
          : "stack down: nothing to remove",
      );
      return 0;
    }
    case "status": {
      const status = await readStackStatus({ env: io.env });
      if (rest.includes("--json")) io.out(JSON.stringify(status, null, 2));
      else printStatus(io, status);
      return status.isHealthy ? 0 : 1;
    }
    case "reset": {
      const done = await resetStack(opts);
      for (const line of done) io.out(line);
      io.out("stack reset: every fault off, all containers healthy");
      return 0;
    }
    default:
      return null;
  }
}

async function up(io: CliIo): Promise<void> {
  io.out("bringing the BuyWhere stack up as containers…");
  const result = await stackUp({ env: io.env, log: (line) => io.out(`  ${line}`) });
  io.out(`stack up in ${(result.elapsedMs / 1000).toFixed(1)} s`);
  printUrls(io, result.status);
}

/**
 * `start --docker`: the stack in the foreground, taken down on SIGINT/SIGTERM — also when the signal comes
 * while it is still coming up (Ctrl-C during start-up used to leave every container behind).
 */
export async function runStackForeground(io: CliIo): Promise<number> {
  // The containers hold no handle in this process: without a timer node would exit once up.
  const keepAlive = setInterval(() => undefined, 60_000);
  let coming: Promise<void> = Promise.resolve();
  const stopped = runUntilSignal(async () => {
    clearInterval(keepAlive);
    await coming.catch(() => undefined);
    await stackDown({ env: io.env, log: io.out });
  }, io.out);
  coming = up(io);
  try {
    await coming;
  } catch (err) {
    clearInterval(keepAlive);
    throw err;
  }
  io.out("running (Ctrl-C to take the stack down)");
  return stopped;
}

export async function runStackFault(io: CliIo, name: StackFault, on: boolean, arg?: string): Promise<number> {
  const impl = STACK_FAULT_IMPLS[name];
  if (!impl.arg && arg !== undefined) {
    io.err(`${name} takes no argument`);
    return 2;
  }
  io.out(`${name} is now ${on ? "on" : "off"}: ${await setStackFault(name, on, { env: io.env, arg })}`);
  return 0;
}

function printUrls(io: CliIo, status: StackStatus): void {
  const { urls, paths } = status;
  const rows: [string, string][] = [
    ["api", urls.api],
    ["api-tls", urls.apiTls],
    ["control", urls.apiControl],
    ["mcp", urls.mcp],
    ["db", urls.db],
    ["replica", urls.replica],
    ["pgbouncer", urls.pgbouncer],
    ["pgb-admin", urls.pgbouncerAdmin],
    ["redis", urls.redis],
    ["disk", paths.disk],
    ["backups", paths.backups],
    ["rollback", paths.rollbackState],
  ];
  for (const [name, url] of rows) io.out(`  ${name.padEnd(10)} ${url}`);
}

function printStatus(io: CliIo, status: StackStatus): void {
  for (const s of status.services) {
    const health = s.health ? ` (${s.health})` : "";
    io.out(`${s.name.padEnd(34)} ${`${s.state}${health}`.padEnd(20)} ${s.image ?? ""}`);
  }
  io.out(
    `latest: buywhere-api sha-${status.latest.api ?? "?"}, buywhere-mcp sha-${status.latest.mcp ?? "?"}`,
  );
  const disk =
    status.disk.usedPercent === null ? "not mounted" : `${status.disk.usedPercent.toFixed(1)}% used`;
  io.out(`disk ${status.paths.disk}: ${disk}`);
  io.out("faults:");
  for (const [name, on] of Object.entries(status.faults)) io.out(`  ${name.padEnd(20)}${on ? "on" : "off"}`);
  printUrls(io, status);
}
