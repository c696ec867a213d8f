import { execIn } from "../exec-in";
import { UNHEALTHY_FLAG } from "../image-recipes";
import { containerName, STACK_SERVICES } from "../stack-config";
import { inspectContainer } from "../stack-containers";
import { waitForHealth } from "../wait-healthy";
import type { FaultContext, StackFaultImpl } from "./fault-context";
import { parseService } from "./service-arg";

/** Three failed checks 2 s apart, plus the check in flight. */
const HEALTH_CHANGE_TIMEOUT_MS = 20_000;

async function flaggedServices(ctx: FaultContext) {
  const flagged = await Promise.all(
    STACK_SERVICES.map(async (service) => {
      const info = await inspectContainer(ctx.docker, containerName(service));
      if (!info?.State.Running) return null;
      const test = await execIn(ctx.docker, containerName(service), ["test", "-e", UNHEALTHY_FLAG]).catch(
        () => null,
      );
      return test?.exitCode === 0 ? service : null;
    }),
  );
  return flagged.filter((s) => s !== null);
}

/** A flag file that every image's HEALTHCHECK reads: the container keeps running but turns unhealthy. */
export const containerUnhealthy: StackFaultImpl = {
  summary: `creates ${UNHEALTHY_FLAG} in a container (default api): its HEALTHCHECK fails, health unhealthy in ~7 s`,
  arg: "service (default api)",
  isOn: async (ctx) => (await flaggedServices(ctx)).length > 0,
  async on(ctx, arg) {
    const name = containerName(parseService(arg, "api"));
    const touch = await execIn(ctx.docker, name, ["touch", UNHEALTHY_FLAG]);
    if (touch.exitCode !== 0)
      throw new Error(`could not create ${UNHEALTHY_FLAG} in ${name}: ${touch.stderr.trim()}`);
    await waitForHealth(ctx.docker, name, { until: "unhealthy", timeoutMs: HEALTH_CHANGE_TIMEOUT_MS });
    return `${name} is unhealthy`;
  },
  async off(ctx, arg) {
    const services = arg === undefined ? await flaggedServices(ctx) : [parseService(arg, "api")];
    for (const service of services)
      await execIn(ctx.docker, containerName(service), ["rm", "-f", UNHEALTHY_FLAG]);
    for (const service of services) {
      await waitForHealth(ctx.docker, containerName(service), {
        until: "healthy",
        timeoutMs: HEALTH_CHANGE_TIMEOUT_MS,
      });
    }
    return services.length > 0
      ? `${services.map(containerName).join(", ")} healthy again`
      : "no container was flagged";
  },
};
