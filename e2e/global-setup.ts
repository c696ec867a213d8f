import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { connectDocker } from "../lib/rollback/docker-engine";
import { E2E } from "../playwright.config";
import { listDsContainers } from "../sim/dealscout/ds-containers";
import { dsStackDown } from "../sim/dealscout/ds-up";

/**
 * Every spec runs against the containerised BuyWhere stack (docs/docker-stack.md), so "all green" on the
 * board means the whole preset green: API, MCP, containers, PgBouncer, PostgreSQL, Redis, disk, backups.
 *
 * There is one stack per machine (fixed container names), shared with other test runs and people, so
 * this takes /tmp/warroom-stack.lock for the whole run (a `flock` child holds it until teardown or until
 * this process dies), brings the stack up on the e2e ports (recreating containers whose ports differ;
 * ≈ 13 s from a clean clone, images included) with every fault off, and at the end resets the faults,
 * moves the stack back to the ports it had before, and releases the lock.
 *
 * Deal Scout's own stack is started only by the specs that read it (the `dealScout` fixture,
 * e2e/deal-scout-stack.ts), inside this lock; the fixture stops it, and the teardown removes it should a
 * worker have died before it could (unless it was there before the run).
 */
const LOCK = "/tmp/warroom-stack.lock";
const LOCK_WAIT_MS = 15 * 60_000;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const lock = await takeLock();
  // Read under the lock: whoever held it before may have moved the stack.
  const previousPorts = recordedPortsEnv();
  const dealScoutWasThere = (await listDsContainers(connectDocker()).catch(() => [])).length > 0;
  try {
    await sim(["stack", "up"], E2E.stackEnv);
    await sim(["stack", "reset"], E2E.stackEnv);
  } catch (err) {
    lock.release();
    throw err;
  }
  return async () => {
    try {
      await sim(["stack", "reset"], E2E.stackEnv);
      if (previousPorts && !sameEnv(previousPorts, E2E.stackEnv)) await sim(["stack", "up"], previousPorts);
      if (!dealScoutWasThere) await dsStackDown().catch(() => undefined);
    } finally {
      lock.release();
    }
  };
}

/** `npm run sim -- <args>` with the output shown; rejects with the command on a non-zero exit. */
function sim(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn("node_modules/.bin/tsx", ["sim/cli.ts", ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("error", fail);
    child.once("exit", (code, signal) => {
      if (code === 0) done();
      else {
        const hint = code === 4 ? " (start an engine: bash scripts/services/ensure-docker.sh)" : "";
        fail(new Error(`e2e setup: "sim ${args.join(" ")}" exited ${code ?? signal}${hint}`));
      }
    });
  });
}

/** Holds the stack lock in a `flock` child until release() closes its stdin (or this process exits). */
async function takeLock(): Promise<{ release: () => void }> {
  const holder: ChildProcess = spawn(
    "flock",
    ["-x", "-w", String(LOCK_WAIT_MS / 1000), LOCK, "-c", "echo held; exec cat >/dev/null"],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const waiting = setTimeout(
    () => console.log(`e2e setup: waiting for ${LOCK} (another run holds the stack)…`),
    2000,
  );
  try {
    await new Promise<void>((held, fail) => {
      holder.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("held")) held();
      });
      holder.once("error", fail);
      holder.once("exit", (code) =>
        fail(new Error(`e2e setup: could not take ${LOCK} (flock exited ${code})`)),
      );
    });
  } finally {
    clearTimeout(waiting);
  }
  return { release: () => holder.stdin?.end() };
}

/** The ports the stack was last brought up on, as SIM_* variables; null when there is no record. */
function recordedPortsEnv(): Record<string, string> | null {
  const root = resolve(process.env.WARROOM_STACK_DIR || ".warroom/stack");
  try {
    const { ports } = JSON.parse(readFileSync(resolve(root, "stack.json"), "utf8")) as {
      ports: Record<string, number>;
    };
    const names: Record<string, string> = {
      api: "SIM_API_PORT",
      apiTls: "SIM_TLS_PORT",
      mcp: "SIM_MCP_PORT",
      apiControl: "SIM_CONTROL_PORT",
      db: "SIM_DB_PORT",
      replica: "SIM_REPLICA_PORT",
      pgbouncer: "SIM_PGBOUNCER_PORT",
      redis: "SIM_REDIS_PORT",
    };
    return Object.fromEntries(Object.entries(names).map(([key, name]) => [name, String(ports[key])]));
  } catch {
    return null;
  }
}

function sameEnv(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.keys(b).every((k) => a[k] === b[k]);
}
