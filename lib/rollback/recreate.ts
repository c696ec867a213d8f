import type Docker from "dockerode";
import type {
  ContainerCreateOptions,
  ContainerInspectInfo,
  EndpointSettings,
  ImageInspectInfo,
} from "dockerode";
import { type Bounds, inspectContainer, stopBounded } from "@/lib/rollback/docker-steps";
import { engineCall } from "@/lib/rollback/engine-call";

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What the container set on top of its image: entries equal to the old image's defaults are dropped. */
function ownEnv(container: readonly string[] | undefined, image: readonly string[] | undefined): string[] {
  const fromImage = new Set(image ?? []);
  return (container ?? []).filter((e) => !fromImage.has(e));
}

function ownLabels(container: Record<string, string> | undefined, image: Record<string, string> | undefined) {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(container ?? {})) if (image?.[k] !== v) labels[k] = v;
  return labels;
}

/** Modes that own the container's network namespace: no endpoints to carry over. */
const SHARED_NETWORK = /^(host|none|container:.*)$/;

/**
 * The container's networks as create options: each user-defined network with its aliases, static IPAM
 * config and links, as compose would attach it again. The old container's short id, which older engines
 * add as an alias, is dropped (the new container has another id). Networks are never created here.
 */
export function endpointsOf(info: ContainerInspectInfo): ContainerCreateOptions["NetworkingConfig"] {
  if (SHARED_NETWORK.test(info.HostConfig.NetworkMode ?? "")) return undefined;
  const networks = info.NetworkSettings?.Networks ?? {};
  const shortId = info.Id.slice(0, 12);
  const endpoints: Record<string, EndpointSettings> = {};
  for (const [name, inspected] of Object.entries(networks)) {
    // The inspect typings leave these loose; they are the engine's EndpointSettings.
    const net = inspected as EndpointSettings & { DriverOpts?: Record<string, string> };
    const aliases = (net.Aliases ?? []).filter((a) => a !== shortId);
    const ipam = net.IPAMConfig;
    endpoints[name] = {
      ...(aliases.length ? { Aliases: aliases } : {}),
      ...(ipam && Object.values(ipam).some((v) => v) ? { IPAMConfig: ipam } : {}),
      ...(net.Links?.length ? { Links: net.Links } : {}),
      ...(net.DriverOpts ? { DriverOpts: net.DriverOpts } : {}),
    } as EndpointSettings;
  }
  return Object.keys(endpoints).length ? { EndpointsConfig: endpoints } : undefined;
}

/**
 * The create options `docker compose up` would use for the same service on another image: the
 * container's own Config (env, labels, cmd, healthcheck… minus what merely came from its old image) and
 * its whole HostConfig and its networks with their aliases. Only the image changes; the new image brings its own defaults (never the old
 * image's env pinned into the container).
 */
export function recreateOptions(
  info: ContainerInspectInfo,
  oldImage: Pick<ImageInspectInfo, "Config">,
  newImageRef: string,
): ContainerCreateOptions {
  const c = info.Config;
  const img = oldImage.Config;
  const keep = <T>(value: T, imageValue: unknown): T | undefined =>
    value === undefined || value === null || same(value, imageValue) ? undefined : value;
  return {
    name: info.Name.replace(/^\//, ""),
    Image: newImageRef,
    Env: ownEnv(c.Env, img.Env),
    Labels: ownLabels(c.Labels, img.Labels),
    Cmd: keep(c.Cmd, img.Cmd) ?? undefined,
    Entrypoint: keep(c.Entrypoint, img.Entrypoint) ?? undefined,
    WorkingDir: keep(c.WorkingDir, img.WorkingDir) || undefined,
    User: keep(c.User, img.User) || undefined,
    Healthcheck: keep(c.Healthcheck, (img as { Healthcheck?: unknown }).Healthcheck),
    ExposedPorts: keep(c.ExposedPorts, img.ExposedPorts),
    StopSignal:
      keep((c as { StopSignal?: string }).StopSignal, (img as { StopSignal?: unknown }).StopSignal) ||
      undefined,
    Tty: c.Tty,
    OpenStdin: c.OpenStdin,
    HostConfig: info.HostConfig,
    NetworkingConfig: endpointsOf(info),
  };
}

export type RecreateResult = { newId: string; removedOld: string; log: string[] };

export class RecreateError extends Error {
  constructor(
    message: string,
    readonly log: string[],
  ) {
    super(message);
    this.name = "RecreateError";
  }
}

/**
 * Replaces a (stopped) container by one on `newImageRef`, same name and settings: rename the old one out of
 * the way, create and start the new one, then remove the old. If create or start fails, the new one is
 * removed and the old one gets its name back (left stopped, as the run had it): nothing is half-renamed.
 */
export async function recreateContainer(
  docker: Docker,
  name: string,
  newImageRef: string,
  runTag: string,
  b: Bounds = { callMs: 15_000, stopTimeoutS: 10 },
): Promise<RecreateResult> {
  const log: string[] = [];
  const call = <T>(what: string, fn: (signal: AbortSignal) => Promise<T>) =>
    engineCall(what, b.callMs, fn, b.signal);
  const info = await inspectContainer(docker, name, b);
  const oldImage = await call(`docker image inspect ${info.Image}`, (abortSignal) =>
    docker.getImage(info.Image).inspect({ abortSignal } as object),
  );
  const options = recreateOptions(info, oldImage, newImageRef);
  const asideName = `${name}-before-rollback-${runTag}`;
  if (info.State.Running) {
    await stopBounded(docker, info.Id, b);
    log.push(`stopped ${name} (it was running)`);
  }
  await call(`docker rename ${name}`, (abortSignal) =>
    docker.getContainer(info.Id).rename({ name: asideName, abortSignal }),
  );
  log.push(`docker rename ${name} ${asideName}`);
  let createdId: string | null = null;
  try {
    const created = await call(`docker create --name ${name}`, (abortSignal) =>
      docker.createContainer({ ...options, abortSignal }),
    );
    createdId = created.id;
    const nets = Object.keys(options.NetworkingConfig?.EndpointsConfig ?? {});
    log.push(
      `docker create --name ${name} … ${newImageRef} → ${created.id.slice(0, 12)}${nets.length ? ` (networks: ${nets.join(", ")})` : ""}`,
    );
    await call(`docker start ${name}`, (abortSignal) => created.start({ abortSignal } as object));
    log.push(`docker start ${name}`);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    log.push(`failed: ${why}`);
    if (createdId) {
      await engineCall(`docker rm -f ${createdId.slice(0, 12)}`, b.callMs, (abortSignal) =>
        docker.getContainer(createdId ?? "").remove({ force: true, abortSignal }),
      )
        .then(() => log.push(`docker rm -f ${createdId?.slice(0, 12)} (the new container)`))
        .catch((e: Error) =>
          log.push(`could not remove the new container ${createdId?.slice(0, 12)}: ${e.message}`),
        );
    }
    await engineCall(`docker rename ${asideName} ${name}`, b.callMs, (abortSignal) =>
      docker.getContainer(info.Id).rename({ name, abortSignal }),
    )
      .then(() => log.push(`docker rename ${asideName} ${name} (old container restored, stopped)`))
      .catch((e: Error) =>
        log.push(
          `could not restore the name: the old container is ${asideName} (${info.Id.slice(0, 12)}): ${e.message}`,
        ),
      );
    throw new RecreateError(`recreate ${name} on ${newImageRef} failed: ${why}`, log);
  }
  await call(`docker rm ${asideName}`, (abortSignal) =>
    docker.getContainer(info.Id).remove({ force: true, abortSignal }),
  );
  log.push(`docker rm ${asideName} (old container, image ${info.Image.slice(7, 19)})`);
  return { newId: createdId, removedOld: info.Id, log };
}
