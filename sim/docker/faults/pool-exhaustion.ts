import { execIn } from "../exec-in";
import {
  containerName,
  DB_NAME,
  DB_PASSWORD,
  DB_USER,
  FAULT_LABEL,
  PGBOUNCER_POOL_SIZE,
  stackUrls,
} from "../stack-config";
import { inspectContainer, removeContainer } from "../stack-containers";
import { type FaultContext, pollUntil, type StackFaultImpl } from "./fault-context";
import { showPools } from "./pgbouncer-admin";

export const POOL_HOLDER_NAME = "warroom-sim-fault-pool-exhaustion";
/** More clients than the pool has server connections, so some must wait. */
export const POOL_HOLDER_CLIENTS = PGBOUNCER_POOL_SIZE + 10;
const HOLD_SQL = "SELECT pg_sleep(86400) /* warroom pool-exhaustion */";

async function catalogPool(ctx: FaultContext) {
  const pools = await showPools(stackUrls(ctx.settings.ports).pgbouncerAdmin);
  return pools.find((p) => p.database === DB_NAME && p.user === DB_USER);
}

/**
 * Real clients (psql, in a helper container on the PostgreSQL image) each hold a server connection
 * through PgBouncer with a long query; the clients beyond the pool size queue (cl_waiting > 0).
 */
export const poolExhaustion: StackFaultImpl = {
  summary: `${POOL_HOLDER_CLIENTS} clients hold PgBouncer's ${PGBOUNCER_POOL_SIZE} server connections: cl_waiting > 0`,
  isOn: async (ctx) => (await inspectContainer(ctx.docker, POOL_HOLDER_NAME))?.State.Running === true,
  async on(ctx) {
    const db = await inspectContainer(ctx.docker, containerName("db"));
    if (!db) throw new Error(`${containerName("db")} does not exist: bring the stack up first`);
    if (!(await poolExhaustion.isOn(ctx))) {
      await removeContainer(ctx.docker, POOL_HOLDER_NAME);
      const port = ctx.settings.ports.pgbouncer;
      const psql = `psql -h 127.0.0.1 -p ${port} -U ${DB_USER} -d ${DB_NAME} -Atqc "${HOLD_SQL}"`;
      const holder = await ctx.docker.createContainer({
        name: POOL_HOLDER_NAME,
        Image: db.Image,
        Cmd: [
          "sh",
          "-c",
          `for i in $(seq 1 ${POOL_HOLDER_CLIENTS}); do ${psql} >/dev/null 2>&1 & done; wait`,
        ],
        Env: [`PGPASSWORD=${DB_PASSWORD}`],
        Labels: { [FAULT_LABEL]: "pool-exhaustion" },
        Healthcheck: { Test: ["NONE"] },
        HostConfig: { NetworkMode: "host" },
      });
      await holder.start();
    }
    // Thirty psql processes start in well under a second on an idle host, in tens of seconds at load 20+.
    const pool = await pollUntil("cl_waiting > 0 in SHOW POOLS", 60_000, async () => {
      const row = await catalogPool(ctx);
      return row && row.cl_waiting > 0 && row.sv_active >= PGBOUNCER_POOL_SIZE ? row : undefined;
    });
    return `pool ${DB_NAME}: sv_active ${pool.sv_active}/${PGBOUNCER_POOL_SIZE}, cl_waiting ${pool.cl_waiting}`;
  },
  async off(ctx) {
    await removeContainer(ctx.docker, POOL_HOLDER_NAME);
    // The killed clients' queries would otherwise sleep on in PostgreSQL until they notice.
    await execIn(ctx.docker, containerName("db"), [
      "psql",
      "-U",
      "postgres",
      "-d",
      "postgres",
      "-Atqc",
      "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE '%warroom pool-exhaustion%' AND pid <> pg_backend_pid()",
    ]).catch(() => undefined);
    await pollUntil("cl_waiting = 0 in SHOW POOLS", 60_000, async () => {
      const row = await catalogPool(ctx);
      return !row || row.cl_waiting === 0 ? true : undefined;
    });
    return `pool ${DB_NAME}: no client waiting`;
  },
};
