import { connect } from "node:net";
import type Docker from "dockerode";
import type { ContainerInfo, ContainerInspectInfo } from "dockerode";
import { containerSpec, type StackSettings } from "./container-specs";
import { containerName, LABEL_PROJECT, STACK_PROJECT, type StackService, servicePorts } from "./stack-config";

export async function inspectContainer(docker: Docker, name: string): Promise<ContainerInspectInfo | null> {
  return docker
    .getContainer(name)
    .inspect()
    .catch(() => null);
}

/** Every container labelled with the stack's compose project, running or not. */
export async function listStackContainers(docker: Docker): Promise<ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL_PROJECT}=${STACK_PROJECT}`] } });
}

export async function removeContainer(docker: Docker, name: string): Promise<void> {
  await docker
    .getContainer(name)
    .remove({ force: true })
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404) throw err;
    });
}

/** True when something accepts connections on 127.0.0.1:port. */
export function isPortInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Refuses to create a container whose host port is taken (host networking: it would just crash). */
export async function assertPortsFree(service: StackService, settings: StackSettings): Promise<void> {
  const ports = servicePorts(settings.ports)[service];
  const taken: number[] = [];
  for (const port of ports) if (await isPortInUse(port)) taken.push(port);
  if (taken.length === 0) return;
  const hint =
    service === "api" || service === "mcp"
      ? " Is the process sim (npm run sim -- start) running? Stop it, or choose other ports with SIM_API_PORT, SIM_TLS_PORT, SIM_CONTROL_PORT, SIM_MCP_PORT."
      : " Choose another with SIM_DB_PORT, SIM_REPLICA_PORT, SIM_PGBOUNCER_PORT or SIM_REDIS_PORT.";
  throw new Error(`${containerName(service)}: 127.0.0.1:${taken.join(", ")} already in use.${hint}`);
}

function matchesSpec(info: ContainerInspectInfo, imageId: string, env: readonly string[]): boolean {
  const current = new Set(info.Config.Env ?? []);
  return (
    info.Image === imageId &&
    info.HostConfig.NetworkMode === "host" &&
    info.HostConfig.Init === true &&
    env.every((e) => current.has(e))
  );
}

/** Keeps a container that already runs the right image and settings, starts it if stopped, else recreates it. */
export async function ensureServiceContainer(
  docker: Docker,
  service: StackService,
  image: { ref: string; id: string },
  settings: StackSettings,
): Promise<"kept" | "started" | "created"> {
  const spec = containerSpec(service, image.ref, settings);
  const name = containerName(service);
  const info = await inspectContainer(docker, name);
  if (info && matchesSpec(info, image.id, spec.Env ?? [])) {
    if (info.State.Running) return "kept";
    await docker.getContainer(name).start();
    return "started";
  }
  if (info) await removeContainer(docker, name);
  await assertPortsFree(service, settings);
  const container = await docker.createContainer(spec);
  await container.start();
  return "created";
}

/**
 * Replaces a running service's container with one on another image, as a deploy does with host
 * networking: rename the old one so the name is free, stop it (same ports), start the new one, then
 * remove the old one.
 */
export async function recreateServiceContainer(
  docker: Docker,
  service: StackService,
  imageRef: string,
  settings: StackSettings,
): Promise<void> {
  const name = containerName(service);
  const old = await inspectContainer(docker, name);
  if (old) {
    const oldName = `${name}-replaced-${Date.now()}`;
    await docker.getContainer(old.Id).rename({ name: oldName });
    await docker
      .getContainer(old.Id)
      .stop({ t: 5 })
      .catch(() => undefined);
  }
  try {
    const container = await docker.createContainer(containerSpec(service, imageRef, settings));
    await container.start();
  } catch (err) {
    if (old) {
      await removeContainer(docker, name);
      await docker.getContainer(old.Id).rename({ name });
      await docker.getContainer(old.Id).start();
    }
    throw err;
  }
  if (old) await removeContainer(docker, old.Id);
}
