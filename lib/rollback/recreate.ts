import type Docker from "dockerode";
import type { ContainerCreateOptions, ContainerInspectInfo, ImageInspectInfo } from "dockerode";

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

/**
 * The create options `docker compose up` would use for the same service on another image: the
 * container's own Config (env, labels, cmd, healthcheck… minus what merely came from its old image) and
 * its whole HostConfig. Only the image changes; the new image brings its own defaults (never the old
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
): Promise<RecreateResult> {
  const log: string[] = [];
  const info = await docker.getContainer(name).inspect();
  const oldImage = await docker.getImage(info.Image).inspect();
  const options = recreateOptions(info, oldImage, newImageRef);
  const asideName = `${name}-before-rollback-${runTag}`;
  if (info.State.Running) {
    await docker.getContainer(info.Id).stop({ t: 10 });
    log.push(`stopped ${name} (it was running)`);
  }
  await docker.getContainer(info.Id).rename({ name: asideName });
  log.push(`docker rename ${name} ${asideName}`);
  let createdId: string | null = null;
  try {
    const created = await docker.createContainer(options);
    createdId = created.id;
    log.push(`docker create --name ${name} … ${newImageRef} → ${created.id.slice(0, 12)}`);
    await created.start();
    log.push(`docker start ${name}`);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    log.push(`failed: ${why}`);
    if (createdId) {
      await docker
        .getContainer(createdId)
        .remove({ force: true })
        .then(() => log.push(`docker rm -f ${createdId?.slice(0, 12)} (the new container)`))
        .catch((e: Error) =>
          log.push(`could not remove the new container ${createdId?.slice(0, 12)}: ${e.message}`),
        );
    }
    await docker
      .getContainer(info.Id)
      .rename({ name })
      .then(() => log.push(`docker rename ${asideName} ${name} (old container restored, stopped)`))
      .catch((e: Error) =>
        log.push(
          `could not restore the name: the old container is ${asideName} (${info.Id.slice(0, 12)}): ${e.message}`,
        ),
      );
    throw new RecreateError(`recreate ${name} on ${newImageRef} failed: ${why}`, log);
  }
  await docker.getContainer(info.Id).remove({ force: true });
  log.push(`docker rm ${asideName} (old container, image ${info.Image.slice(7, 19)})`);
  return { newId: createdId, removedOld: info.Id, log };
}
