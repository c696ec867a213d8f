import { execIn } from "../exec-in";
import { containerName } from "../stack-config";
import { inspectContainer } from "../stack-containers";
import { waitForHealth } from "../wait-healthy";
import { pollUntil, type StackFaultImpl } from "./fault-context";

const REPLICA = containerName("db_replica");

/** Stops the streaming replica: its port refuses connections; started again it catches up from the primary. */
export const replicaDown: StackFaultImpl = {
  summary: "stops the streaming replica (connections to its port are refused)",
  isOn: async (ctx) => {
    const info = await inspectContainer(ctx.docker, REPLICA);
    return info !== null && !info.State.Running;
  },
  async on(ctx) {
    await ctx.docker
      .getContainer(REPLICA)
      .stop({ t: 5 })
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 304) throw err;
      });
    return `${REPLICA} stopped; 127.0.0.1:${ctx.settings.ports.replica} refuses connections`;
  },
  async off(ctx) {
    const info = await inspectContainer(ctx.docker, REPLICA);
    if (info && !info.State.Running) await ctx.docker.getContainer(REPLICA).start();
    await waitForHealth(ctx.docker, REPLICA, { until: "healthy", timeoutMs: 60_000 });
    await pollUntil("the replica streaming from the primary", 30_000, async () => {
      const sql = "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'";
      const out = await execIn(ctx.docker, containerName("db"), ["psql", "-U", "postgres", "-Atc", sql]);
      return out.exitCode === 0 && Number(out.stdout.trim()) > 0 ? true : undefined;
    });
    return `${REPLICA} healthy and streaming again`;
  },
};
