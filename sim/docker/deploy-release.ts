import type Docker from "dockerode";
import { readRollbackState, writeRollbackState } from "@/lib/rollback/rollback-state";

export const API_REPO = "buywhere-api";
export const MCP_REPO = "buywhere-mcp";

/** The images of one release: ids and their `sha-…` tags. */
export type Release = { api: { id: string; tag: string }; mcp: { id: string; tag: string } };

/** The sha of an image from its `sha-…` tag in `repo`, or null. */
export function shaOfTags(repoTags: readonly string[] | undefined, repo: string): string | null {
  const tag = (repoTags ?? []).find((t) => t.startsWith(`${repo}:sha-`));
  return tag ? tag.slice(`${repo}:sha-`.length) : null;
}

async function inspectLatest(docker: Docker, repo: string) {
  return docker
    .getImage(`${repo}:latest`)
    .inspect()
    .catch(() => null);
}

/**
 * What deploy.sh does before `up -d api`: save .rollback_state from the images `latest` points at now,
 * then point `latest` at the release. A release that is already `latest` changes nothing.
 */
export async function deployRelease(
  docker: Docker,
  rollbackStatePath: string,
  release: Release,
): Promise<boolean> {
  const [currentApi, currentMcp] = await Promise.all([
    inspectLatest(docker, API_REPO),
    inspectLatest(docker, MCP_REPO),
  ]);
  const isCurrent = currentApi?.Id === release.api.id && currentMcp?.Id === release.mcp.id;
  if (isCurrent && (await readRollbackState(rollbackStatePath))) return false;
  if (!isCurrent) {
    await writeRollbackState(rollbackStatePath, {
      PREV_API_IMAGE: currentApi?.Id ?? "none",
      PREV_MCP_IMAGE: currentMcp?.Id ?? "none",
      PREV_SHA: shaOfTags(currentApi?.RepoTags, API_REPO) ?? "none",
      DEPLOY_TIME: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      DEPLOY_SHA: release.api.tag.replace(/^sha-/, ""),
    });
  } else {
    // First run with this release already tagged: there is nothing earlier to roll back to.
    await writeRollbackState(rollbackStatePath, {
      PREV_API_IMAGE: "none",
      PREV_MCP_IMAGE: "none",
      PREV_SHA: "none",
      DEPLOY_TIME: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      DEPLOY_SHA: release.api.tag.replace(/^sha-/, ""),
    });
  }
  await docker.getImage(release.api.id).tag({ repo: API_REPO, tag: "latest" });
  await docker.getImage(release.mcp.id).tag({ repo: MCP_REPO, tag: "latest" });
  return !isCurrent;
}
