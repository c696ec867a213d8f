import type Docker from "dockerode";
import type { CleanupImage, RollbackTarget } from "@/lib/model/rollback";
import { engineCall } from "@/lib/rollback/engine-call";
import { findOldFiles, type OldFilesFact } from "@/lib/rollback/old-files";
import { readRollbackState } from "@/lib/rollback/rollback-state";

/** What the engine holds that a disk cleanup must judge: dangling images and what protects them. */
export type CleanupFacts = {
  dangling: CleanupImage[];
  /** Image id → why a rollback or the project needs it (the cleanup never removes these). */
  protectedIds: Map<string, string>;
  rollbackImages: string[];
  projectContainers: string[];
  buildCacheBytes: number | null;
  /** Per deleteOld rule, the files it would delete now. */
  oldFiles?: OldFilesFact[];
};

// dockerode passes abortSignal through to the request; its option types do not all declare it.
type Signalled<T> = T & { abortSignal: AbortSignal };
const signalled = <T extends object>(opts: T, signal: AbortSignal) =>
  ({ ...opts, abortSignal: signal }) as Signalled<T>;

async function imageIdOf(docker: Docker, ref: string, callMs: number): Promise<string | null> {
  if (!ref || ref === "none") return null;
  // The image inspect call takes no signal; engineCall still bounds the wait.
  return engineCall(`docker image inspect ${ref}`, callMs, () => docker.getImage(ref).inspect()).then(
    (img) => img.Id,
    () => null,
  );
}

async function buildCacheBytes(docker: Docker, callMs: number): Promise<number | null> {
  type Df = { BuildCache?: { Size?: number; InUse?: boolean; Shared?: boolean }[] | null };
  const df = docker.df as (opts: { abortSignal: AbortSignal }) => Promise<Df>;
  return engineCall("docker system df", callMs, (s) => df.call(docker, { abortSignal: s })).then(
    (d) =>
      (d.BuildCache ?? [])
        .filter((c) => !c.InUse && !c.Shared)
        .reduce((sum, c) => sum + Math.max(0, c.Size ?? 0), 0),
    () => null,
  );
}

/**
 * Reads, never changes: the dangling images (untagged: `docker images -f dangling=true`), the project's
 * containers in any state and their images, the rollback state's previous images and the project's sha-
 * images. Images of the project's containers and the state's previous images are protected whatever their
 * tags; a sha- tagged image is never dangling, so it is never a candidate at all.
 */
export async function gatherCleanupFacts(
  docker: Docker,
  target: RollbackTarget,
  options: { withBuildCache?: boolean } = {},
): Promise<CleanupFacts> {
  const callMs = target.engineCallMs;
  const onlyLabel = target.cleanup?.onlyLabel ?? null;
  const danglingFilter: Record<string, string[]> = {
    dangling: ["true"],
    ...(onlyLabel ? { label: [onlyLabel] } : {}),
  };
  const projectFilter: Record<string, string[]> = target.project
    ? { label: [`com.docker.compose.project=${target.project}`] }
    : { name: target.services.map((s) => `^/${s.container}$`) };
  const repos = target.services.flatMap((s) => (s.repo ? [s.repo] : []));
  const [dangling, containers, state, cache, ...repoImages] = await Promise.all([
    engineCall("docker images -f dangling=true", callMs, (s) =>
      docker.listImages(signalled({ filters: danglingFilter }, s)),
    ),
    engineCall("docker ps -a (project)", callMs, (s) =>
      docker.listContainers(signalled({ all: true, filters: projectFilter }, s)),
    ),
    target.rollbackStatePath ? readRollbackState(target.rollbackStatePath) : Promise.resolve(null),
    options.withBuildCache ? buildCacheBytes(docker, callMs) : Promise.resolve(null),
    ...repos.map((repo) =>
      engineCall(`docker images ${repo}`, callMs, (s) =>
        docker.listImages(signalled({ filters: { reference: [`${repo}:sha-*`] } }, s)),
      ),
    ),
  ]);
  const protectedIds = new Map<string, string>();
  for (const c of containers) {
    const name = (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, "");
    if (!protectedIds.has(c.ImageID)) protectedIds.set(c.ImageID, `image of ${name} (${c.State})`);
  }
  for (const key of ["PREV_API_IMAGE", "PREV_MCP_IMAGE"] as const) {
    const id = await imageIdOf(docker, state?.[key] ?? "", callMs);
    if (id) protectedIds.set(id, `${key} of the rollback state (${target.rollbackStatePath})`);
  }
  const oldFiles = await Promise.all(
    (target.cleanup?.deleteOld ?? []).map((r) => findOldFiles(r, Date.now())),
  );
  const rollbackImages = repoImages.flat().flatMap((i) => (i.RepoTags ?? []).filter((t) => /:sha-/.test(t)));
  return {
    // The engine lists images in no stable order: sorted, the same engine gives the same plan (and hash).
    dangling: dangling
      .map((i) => ({ id: i.Id, sizeBytes: Math.max(0, i.Size) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    protectedIds,
    rollbackImages: [...new Set(rollbackImages)].sort(),
    projectContainers: containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, "")).sort(),
    buildCacheBytes: cache,
    oldFiles,
  };
}
