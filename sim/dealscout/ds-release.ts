import { join } from "node:path";
import { writeRollbackState } from "@/lib/rollback/rollback-state";
import { waitForHealth } from "../docker/wait-healthy";
import { type DsPorts, type DsService, dsContainerName } from "./ds-config";
import { ensureDsContainer } from "./ds-containers";
import type { DsContext } from "./ds-context";
import type { DsBuild } from "./ds-recipes";
import { buildDsRelease, DS_RELEASE_REPOS, imageOf } from "./ds-up";

/** The services a Deal Scout deployment builds and recreates (postgres and redis are stock images). */
export const DS_RELEASE_SERVICES: readonly DsService[] = ["backend", "worker", "beat"];

/**
 * A deployment of Deal Scout: new backend and worker images (`sha-` tags, `latest` moved), the backend,
 * worker and beat recreated on them. The images they replace stay on the engine: what a rollback goes back to.
 */
export async function deployDsRelease(ctx: DsContext, ports: DsPorts, build: DsBuild): Promise<string> {
  const before = await Promise.all(
    [DS_RELEASE_REPOS.backend, DS_RELEASE_REPOS.worker].map((repo) =>
      ctx.docker
        .getImage(`${repo}:latest`)
        .inspect()
        .catch(() => null),
    ),
  );
  const images = await buildDsRelease(ctx, build);
  const [backend, worker] = before;
  // As a deploy script records it (the deploy runbook's .rollback_state): what `latest` was before.
  if (backend && backend.Id !== images.backend.id) {
    await writeRollbackState(dsRollbackStatePath(ctx), {
      PREV_API_IMAGE: backend.Id,
      PREV_MCP_IMAGE: worker?.Id ?? "none",
      PREV_SHA: shaOf(backend.RepoTags, DS_RELEASE_REPOS.backend),
      DEPLOY_TIME: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      DEPLOY_SHA: images.backend.tag.replace(/^sha-/, ""),
    });
  }
  for (const service of DS_RELEASE_SERVICES) {
    await ensureDsContainer(ctx.docker, service, imageOf(images, service), ports);
  }
  await Promise.all(
    DS_RELEASE_SERVICES.map((s) =>
      waitForHealth(ctx.docker, dsContainerName(s), { until: "healthy", timeoutMs: 90_000 }),
    ),
  );
  return `${DS_RELEASE_REPOS.backend}:${images.backend.tag}, ${DS_RELEASE_REPOS.worker}:${images.worker.tag} (${build}) deployed: backend, worker, beat recreated, healthy`;
}

/** Whether the backend runs a broken release (its image says SIM_BUILD=broken). */
export async function isBrokenRelease(ctx: DsContext): Promise<boolean> {
  const info = await ctx.docker
    .getContainer(dsContainerName("backend"))
    .inspect()
    .catch(() => null);
  if (!info) return false;
  const image = await ctx.docker.getImage(info.Image).inspect();
  return (image.Config.Env ?? []).includes("SIM_BUILD=broken");
}

/** Where the sim's deploy records the previous release (the deal-scout preset's default rollback state). */
export const dsRollbackStatePath = (ctx: DsContext) => join(ctx.root, ".rollback_state");

function shaOf(tags: readonly string[] | undefined, repo: string): string {
  const tag = (tags ?? []).find((t) => t.startsWith(`${repo}:sha-`));
  return tag ? tag.slice(`${repo}:sha-`.length) : "none";
}
