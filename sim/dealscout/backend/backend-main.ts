import { createServer } from "node:http";
import { Redis } from "ioredis";
import { Client, Pool } from "pg";
import { createMetrics } from "../../metrics";
import { runUntilSignal } from "../../run-until-signal";
import { startControl } from "../control-server";
import { type BackendFaults, createBackendHandler } from "./backend-handler";

const LEAKED_CONNECTIONS = 38;
/** Well past 85% of the container's 384 MiB limit with node's own ~60 MiB, short of the OOM killer. */
const HELD_MIB = 300;

// Entry of the Deal Scout backend image (/app/main.cjs): its API on real PostgreSQL and Redis.
function need(env: Record<string, string | undefined>, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(env: Record<string, string | undefined>): Promise<number> {
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const port = Number(need(env, "BACKEND_PORT"));
  const controlPort = Number(need(env, "CONTROL_PORT"));
  // A small pool with bounded waits: a locked table or a full server turns into errors, not a hang.
  const db = new Pool({
    connectionString: need(env, "DATABASE_URL"),
    max: 5,
    connectionTimeoutMillis: 2000,
    statement_timeout: 3000,
    application_name: "deal-scout-backend",
  });
  db.on("error", (err) => log(`ERROR [db] ${err.message}`));
  const redis = new Redis(need(env, "REDIS_URL"), {
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    enableOfflineQueue: false,
    lazyConnect: false,
  });
  redis.on("error", () => undefined);
  const metrics = createMetrics({ countByHandler: true });
  const faults: BackendFaults = {
    // A broken release (the bad-deploy fault's image) fails from its start.
    errors: env.SIM_BUILD === "broken",
    latency: false,
    "slow-queries": false,
    memory: false,
    "db-connections": false,
  };
  let held: Buffer[] = [];
  let leaked: Client[] = [];
  const handler = createBackendHandler({ db, redis, metrics, faults: () => faults, log });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const control = await startControl(controlPort, faults, (name, on) => {
    // memory: real resident pages the container's cgroup counts (filled, so they are not lazily mapped).
    if (name === "memory") {
      // One allocation, not many of 1 MiB: glibc serves those from its heap after the first frees (its mmap
      // threshold grows) and keeps the pages, so the container would stay above its limit after "off".
      held = on ? [Buffer.alloc(HELD_MIB << 20, 1)] : [];
      // Freed buffers leave the cgroup's count only once collected.
      if (!on) (globalThis as { gc?: () => void }).gc?.();
    }
    // A connection leak: sessions opened outside the pool and never released, until a restart.
    if (name === "db-connections") return on ? leak() : release();
  });
  async function release(): Promise<void> {
    const open = leaked;
    leaked = [];
    await Promise.all(open.map((c) => c.end()));
  }
  async function leak(): Promise<void> {
    if (leaked.length > 0) return;
    const url = need(env, "DATABASE_URL");
    leaked = Array.from(
      { length: LEAKED_CONNECTIONS },
      () => new Client({ connectionString: url, application_name: "deal-scout-backend" }),
    );
    for (const c of leaked) c.on("error", () => undefined);
    await Promise.all(leaked.map((c) => c.connect()));
  }
  // Traffic: five requests a second to its own API (deals and alerts in turn), so /metrics counts real answers.
  let turn = 0;
  const traffic = setInterval(() => {
    const route = turn++ % 2 === 0 ? "/api/deals" : "/api/alerts";
    fetch(`http://127.0.0.1:${port}${route}`, { signal: AbortSignal.timeout(8000) }).catch(() => undefined);
  }, 200);
  // Deal alerts to email: one pending notification every 2 s for the worker to send; sent ones are kept 10 min.
  const alertsOut = setInterval(() => {
    db.query(
      "WITH old AS (DELETE FROM notifications WHERE status = 'sent' AND sent_at < now() - interval '10 minutes') INSERT INTO notifications (kind) VALUES ('deal-alert')",
    ).catch(() => undefined);
  }, 2000);
  log(`Deal Scout backend on http://127.0.0.1:${port} (control ${controlPort}, ${held.length} MiB held)`);
  return runUntilSignal(async () => {
    clearInterval(traffic);
    clearInterval(alertsOut);
    control.close();
    server.close();
    redis.disconnect();
    await db.end().catch(() => undefined);
  }, log);
}

main(process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`deal-scout backend: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
