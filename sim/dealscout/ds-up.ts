import { assertEngineReachable } from "@/lib/rollback/docker-engine";
import { type BuiltImage, ensureImage } from "../docker/ensure-image";
import { ensureDiskMount, unmountDisk } from "../docker/host-disk";
import { inspectContainer, removeContainer } from "../docker/stack-containers";
import { waitForHealth } from "../docker/wait-healthy";
import {
  DS_DEPENDENCIES,
  DS_DISK_BYTES,
  DS_SERVICES,
  type DsPorts,
  type DsService,
  dsContainerName,
  dsUrls,
  resolveDsPorts,
} from "./ds-config";
import { assertDsPortsFree, ensureDsContainer, listDsContainers } from "./ds-containers";
import { type DsContext, type DsOptions, dsContext, writeDsRecord } from "./ds-context";
import {
  type DsBuild,
  dsBackendRecipe,
  dsIntegrationsRecipe,
  dsPostgresRecipe,
  dsRedisRecipe,
  dsWorkerRecipe,
} from "./ds-recipes";

export type DsUpResult = {
  elapsedMs: number;
  ports: DsPorts;
  urls: ReturnType<typeof dsUrls>;
  disk: { ok: true; path: string } | { ok: false; reason: string };
};

/**
 * Builds what changed, starts each service once those it depends on are healthy, waits for all.
 * Idempotent: containers already on the right image and settings are kept.
 */
export async function dsStackUp(opts: DsOptions & { healthTimeoutMs?: number } = {}): Promise<DsUpResult> {
  const started = performance.now();
  const ctx = dsContext(opts);
  await assertEngineReachable(ctx.docker);
  const ports = resolveDsPorts(ctx.env);
  for (const service of DS_SERVICES) {
    const info = await inspectContainer(ctx.docker, dsContainerName(service));
    if (!info?.State.Running) await assertDsPortsFree(service, ports);
  }
  const images = await buildDsImages(ctx);
  await writeDsRecord(ctx, ports);
  const disk = await ensureDiskMount(ctx.disk, DS_DISK_BYTES);
  if (!disk.ok) ctx.log(`disk-full unavailable: ${disk.reason}`);
  await startInOrder(ctx, images, ports, opts.healthTimeoutMs ?? 90_000);
  return {
    elapsedMs: Math.round(performance.now() - started),
    ports,
    urls: dsUrls(ports),
    disk: disk.ok ? { ok: true, path: ctx.disk } : disk,
  };
}

type DsImages = Record<"postgres" | "redis" | "backend" | "integrations" | "worker", BuiltImage>;

async function buildDsImages(ctx: DsContext): Promise<DsImages> {
  const postgres = await ensureImage(ctx.docker, await dsPostgresRecipe(), ctx.log);
  const redis = await ensureImage(ctx.docker, await dsRedisRecipe(), ctx.log);
  const integrations = await ensureImage(ctx.docker, await dsIntegrationsRecipe(), ctx.log);
  const { backend, worker } = await buildDsRelease(ctx, "good");
  return { postgres, redis, integrations, worker, backend };
}

/** The images a deployment builds (backend; worker and beat share one), tagged `latest` as a deploy would. */
export async function buildDsRelease(ctx: DsContext, build: DsBuild) {
  const worker = await ensureImage(ctx.docker, await dsWorkerRecipe(build), ctx.log);
  const backend = await ensureImage(ctx.docker, await dsBackendRecipe(build), ctx.log);
  // The containers run <repo>:latest; the sha tag names the release.
  await ctx.docker.getImage(backend.ref).tag({ repo: DS_RELEASE_REPOS.backend, tag: "latest" });
  await ctx.docker.getImage(worker.ref).tag({ repo: DS_RELEASE_REPOS.worker, tag: "latest" });
  return { backend, worker };
}

export const DS_RELEASE_REPOS = { backend: "deal-scout-backend", worker: "deal-scout-worker" } as const;

export function imageOf(
  images: Pick<DsImages, "backend" | "worker"> & Partial<DsImages>,
  service: DsService,
): { ref: string; id: string } {
  if (service === "backend") return { ref: `${DS_RELEASE_REPOS.backend}:latest`, id: images.backend.id };
  if (service === "worker" || service === "beat")
    return { ref: `${DS_RELEASE_REPOS.worker}:latest`, id: images.worker.id };
  const image = images[service];
  if (!image) throw new Error(`no image for ${service}`);
  return image;
}

async function startInOrder(ctx: DsContext, images: DsImages, ports: DsPorts, timeoutMs: number) {
  const healthy = new Map<DsService, Promise<void>>();
  const bringUp = (service: DsService): Promise<void> => {
    const known = healthy.get(service);
    if (known) return known;
    const promise = (async () => {
      await Promise.all(DS_DEPENDENCIES[service].map(bringUp));
      const action = await ensureDsContainer(ctx.docker, service, imageOf(images, service), ports);
      const since = performance.now();
      await waitForHealth(ctx.docker, dsContainerName(service), { until: "healthy", timeoutMs });
      ctx.log(
        `${dsContainerName(service)}: ${action}, healthy after ${Math.round(performance.now() - since)} ms`,
      );
    })();
    healthy.set(service, promise);
    return promise;
  };
  const results = await Promise.allSettled(DS_SERVICES.map(bringUp));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** Removes every Deal Scout container and unmounts its disk; images stay as a cache. */
export async function dsStackDown(opts: DsOptions = {}): Promise<string[]> {
  const ctx = dsContext(opts);
  await assertEngineReachable(ctx.docker);
  const containers = await listDsContainers(ctx.docker);
  await Promise.all(containers.map((c) => removeContainer(ctx.docker, c.Id)));
  await unmountDisk(ctx.disk).catch(() => undefined);
  return containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, ""));
}
