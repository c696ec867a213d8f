import { containerName, type StackService } from "../stack-config";
import { inspectContainer } from "../stack-containers";
import { waitForHealth } from "../wait-healthy";
import type { StackFaultImpl } from "./fault-context";
import { parseService } from "./service-arg";

/** The services this fault stops by default or lists as stopped; the replica has its own fault. */
const APP_SERVICES: readonly StackService[] = ["api", "mcp", "scraper-scheduler"];
const HEALTHY_TIMEOUT_MS = 30_000;

/** `docker stop` on a service's container (the API by default): its state becomes exited. */
export const containerExit: StackFaultImpl = {
  summary: "stops a container (default api; e.g. scraper-scheduler): state exited",
  arg: "service (default api)",
  async isOn(ctx) {
    const infos = await Promise.all(APP_SERVICES.map((s) => inspectContainer(ctx.docker, containerName(s))));
    return infos.some((info) => info !== null && !info.State.Running);
  },
  async on(ctx, arg) {
    const name = containerName(parseService(arg, "api"));
    await ctx.docker
      .getContainer(name)
      .stop({ t: 5 })
      .catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 304) throw err;
      });
    const info = await inspectContainer(ctx.docker, name);
    return `${name} is ${info?.State.Status} (exit code ${info?.State.ExitCode})`;
  },
  async off(ctx, arg) {
    const services = arg === undefined ? APP_SERVICES : [parseService(arg, "api")];
    const started: string[] = [];
    for (const service of services) {
      const name = containerName(service);
      const info = await inspectContainer(ctx.docker, name);
      if (!info || info.State.Running) continue;
      await ctx.docker.getContainer(name).start();
      started.push(name);
    }
    for (const name of started)
      await waitForHealth(ctx.docker, name, { until: "healthy", timeoutMs: HEALTHY_TIMEOUT_MS });
    return started.length > 0 ? `started ${started.join(", ")}; healthy` : "nothing was stopped";
  },
};
