import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { importRootfs } from "@/sim/docker/import-image";
import { resolveRootfs, writeRootfs } from "@/sim/docker/rootfs";

/** Set on a base made here, so nobody takes it for the registry's image of the same name. */
export const LOCAL_BASE_LABEL = "com.warroom.local-base";

export type ImageRef = { repo: string; tag: string };

/** The base image of a Dockerfile: its first FROM (no build stages here). */
export function dockerfileBase(dockerfile: string): ImageRef {
  const line = dockerfile.split("\n").find((l) => /^\s*FROM\s/i.test(l));
  const ref = line?.trim().split(/\s+/)[1];
  if (!ref) throw new Error("Dockerfile has no FROM line");
  const colon = ref.lastIndexOf(":");
  return colon > ref.lastIndexOf("/")
    ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) }
    : { repo: ref, tag: "latest" };
}

export type LocalBase = { ref: string; made: boolean; sizeBytes: number; label: string | null };

/**
 * The Dockerfile's base where no registry can be reached: when no image of that name exists on the
 * engine, one is imported from this machine — busybox (the shell and tools a RUN step uses), the node
 * binary running this process with the libraries `ldd` lists, and the official image's `node` user
 * (uid 1000). An image of that name already present (pulled, or made earlier) is used as it is.
 */
export async function ensureLocalBase(docker: Docker, ref: ImageRef): Promise<LocalBase> {
  const name = `${ref.repo}:${ref.tag}`;
  const existing = await docker
    .getImage(name)
    .inspect()
    .catch(() => null);
  if (existing) {
    return {
      ref: name,
      made: false,
      sizeBytes: existing.Size,
      label: existing.Config?.Labels?.[LOCAL_BASE_LABEL] ?? null,
    };
  }
  const label = `node ${process.version} from ${process.execPath} on this machine; the registry's ${name} elsewhere`;
  const entries = await resolveRootfs({
    binaries: [process.execPath],
    users: [{ name: "node", uid: 1000 }],
  });
  const dir = await mkdtemp(join(tmpdir(), "warroom-base-rootfs-"));
  try {
    await writeRootfs(entries, dir);
    await importRootfs(docker, dir, ref, [
      "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      `ENV NODE_VERSION=${process.version.slice(1)}`,
      `LABEL ${LOCAL_BASE_LABEL}="${label}"`,
      'CMD ["node"]',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const made = await docker.getImage(name).inspect();
  return { ref: name, made: true, sizeBytes: made.Size, label };
}
