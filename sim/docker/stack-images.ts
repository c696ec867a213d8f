import type Docker from "dockerode";
import type { ApiBuild } from "./api/container-handler";
import { API_REPO, MCP_REPO, type Release } from "./deploy-release";
import { type BuiltImage, ensureImage } from "./ensure-image";
import {
  apiRecipe,
  mcpRecipe,
  pgbouncerRecipe,
  postgresRecipe,
  redisRecipe,
  scraperRecipe,
  sidecarRecipe,
} from "./image-recipes";
import type { StackService } from "./stack-config";

export type StackImageSet = {
  postgres: BuiltImage;
  pgbouncer: BuiltImage;
  redis: BuiltImage;
  scraper: BuiltImage;
  sidecar: BuiltImage;
} & Release;

/** Every image of the stack, built only where its content changed. */
export async function buildStackImages(docker: Docker, log: (line: string) => void): Promise<StackImageSet> {
  // One after the other: two cores, and each import is already a second or less.
  const postgres = await ensureImage(docker, await postgresRecipe(), log);
  const pgbouncer = await ensureImage(docker, await pgbouncerRecipe(), log);
  const redis = await ensureImage(docker, await redisRecipe(), log);
  const scraper = await ensureImage(docker, await scraperRecipe(), log);
  const sidecar = await ensureImage(docker, await sidecarRecipe(), log);
  const api = await ensureImage(docker, await apiRecipe("good"), log);
  const mcp = await ensureImage(docker, await mcpRecipe(), log);
  return { postgres, pgbouncer, redis, scraper, sidecar, api, mcp };
}

export async function buildApiImage(docker: Docker, build: ApiBuild, log: (line: string) => void) {
  return ensureImage(docker, await apiRecipe(build), log);
}

/** The image a service's container is created from; api and mcp by `:latest`, as compose would. */
export function serviceImage(images: StackImageSet, service: StackService): { ref: string; id: string } {
  switch (service) {
    case "db":
    case "db_replica":
      return images.postgres;
    case "pgbouncer":
      return images.pgbouncer;
    case "redis":
      return images.redis;
    case "scraper-scheduler":
    case "scraper-worker":
      return images.scraper;
    case "backup-cron":
    case "metrics-collector":
    case "blackbox-exporter":
    case "alertmanager":
    case "loki":
    case "fluent-bit":
    case "grafana":
      return images.sidecar;
    case "api":
      return { ref: `${API_REPO}:latest`, id: images.api.id };
    case "mcp":
      return { ref: `${MCP_REPO}:latest`, id: images.mcp.id };
  }
}

/** How many earlier API/MCP releases stay as rollback candidates besides `latest` and .rollback_state's. */
const KEEP_RELEASES = 3;

/**
 * Removes earlier builds of the stack's service images that no container uses, and API/MCP release
 * images beyond the newest few (never `latest`, the rollback state's images or one a container runs).
 */
export async function pruneStaleImages(
  docker: Docker,
  images: StackImageSet,
  keepIds: readonly string[] = [],
): Promise<void> {
  const containers = await docker.listContainers({ all: true });
  const keep = new Set([
    images.postgres.id,
    images.pgbouncer.id,
    images.redis.id,
    images.scraper.id,
    images.sidecar.id,
    images.api.id,
    images.mcp.id,
    ...keepIds,
    ...containers.map((c) => c.ImageID),
  ]);
  const all = await docker.listImages();
  const remove = (id: string) =>
    docker
      .getImage(id)
      .remove()
      .catch(() => undefined);
  for (const image of all) {
    const isStackImage = (image.RepoTags ?? []).some((t) => t.startsWith("buywhere-stack-"));
    if (isStackImage && !keep.has(image.Id)) await remove(image.Id);
  }
  for (const repo of [API_REPO, MCP_REPO]) {
    const releases = all
      .filter((i) => (i.RepoTags ?? []).some((t) => t.startsWith(`${repo}:sha-`)))
      .sort((a, b) => b.Created - a.Created);
    for (const image of releases.slice(KEEP_RELEASES)) {
      const isLatest = (image.RepoTags ?? []).includes(`${repo}:latest`);
      if (!isLatest && !keep.has(image.Id)) await remove(image.Id);
    }
  }
}
