import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import type { ImageRecipe } from "./image-recipes";
import { importRootfs } from "./import-image";
import { hashRootfs, resolveRootfs, writeRootfs } from "./rootfs";
import { LABEL_CONTENT_HASH } from "./stack-config";

/** Bump to rebuild every image after a change in how images are made. */
const BUILDER_VERSION = "1";

export type BuiltImage = { id: string; ref: string; tag: string; contentHash: string; isNew: boolean };

/** The recipe's image, imported only when no image with the same content hash exists yet. */
export async function ensureImage(
  docker: Docker,
  recipe: ImageRecipe,
  log: (line: string) => void = () => undefined,
): Promise<BuiltImage> {
  const entries = await resolveRootfs(recipe.rootfs);
  const labels = Object.entries(recipe.labels).sort(([a], [b]) => a.localeCompare(b));
  const contentHash = await hashRootfs(entries, [
    BUILDER_VERSION,
    ...recipe.changes,
    ...labels.map(([k, v]) => `${k}=${v}`),
  ]);
  const tag = recipe.tagFor(contentHash);
  const ref = `${recipe.repo}:${tag}`;
  const existing = await docker
    .getImage(ref)
    .inspect()
    .catch(() => null);
  if (existing && existing.Config.Labels?.[LABEL_CONTENT_HASH] === contentHash) {
    return { id: existing.Id, ref, tag, contentHash, isNew: false };
  }
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "warroom-rootfs-"));
  try {
    await writeRootfs(entries, dir);
    const labelChanges = [...labels, [LABEL_CONTENT_HASH, contentHash]].map(
      ([k, v]) => `LABEL ${k}=${JSON.stringify(v)}`,
    );
    const id = await importRootfs(docker, dir, { repo: recipe.repo, tag }, [
      ...recipe.changes,
      ...labelChanges,
    ]);
    log(`built ${ref} in ${Math.round(performance.now() - started)} ms`);
    return { id, ref, tag, contentHash, isNew: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
