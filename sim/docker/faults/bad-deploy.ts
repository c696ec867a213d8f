import { API_REPO, deployRelease, MCP_REPO, shaOfTags } from "../deploy-release";
import { containerName, LABEL_BUILD } from "../stack-config";
import { inspectContainer, recreateServiceContainer } from "../stack-containers";
import { buildApiImage } from "../stack-images";
import { waitForHealth } from "../wait-healthy";
import { type FaultContext, pollUntil, type StackFaultImpl } from "./fault-context";

const API = containerName("api");

async function healthStatus(port: number): Promise<number | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined;
  }
}

async function currentMcp(ctx: FaultContext) {
  const mcp = await ctx.docker.getImage(`${MCP_REPO}:latest`).inspect();
  return { id: mcp.Id, tag: `sha-${shaOfTags(mcp.RepoTags, MCP_REPO) ?? "unknown"}` };
}

/** Deploys an API build (a release: .rollback_state, `latest`, the container recreated on it). */
async function deployApi(ctx: FaultContext, build: "good" | "broken") {
  const api = await buildApiImage(ctx.docker, build, ctx.log);
  await deployRelease(ctx.docker, ctx.paths.rollbackState, { api, mcp: await currentMcp(ctx) });
  const running = await inspectContainer(ctx.docker, API);
  if (running?.Image !== api.id || !running.State.Running) {
    await recreateServiceContainer(ctx.docker, "api", `${API_REPO}:latest`, ctx.settings);
  }
  return api;
}

/**
 * A release whose API answers 500 on /health: a new `sha-` image, tagged `latest`, the API container
 * recreated on it, .rollback_state pointing at the image it replaced (which stays present).
 */
export const badDeploy: StackFaultImpl = {
  summary:
    "deploys a new buywhere-api sha- image whose /health answers 500 (previous image kept, .rollback_state points at it)",
  async isOn(ctx) {
    const info = await inspectContainer(ctx.docker, API);
    if (!info) return false;
    const image = await ctx.docker.getImage(info.Image).inspect();
    return image.Config.Labels?.[LABEL_BUILD] === "broken";
  },
  async on(ctx) {
    const api = await deployApi(ctx, "broken");
    await pollUntil(`${API} answering 500 on /health`, 20_000, async () =>
      (await healthStatus(ctx.settings.ports.api)) === 500 ? true : undefined,
    );
    return `${API_REPO}:latest is ${API_REPO}:${api.tag} (broken); /health answers 500`;
  },
  async off(ctx) {
    const api = await deployApi(ctx, "good");
    await waitForHealth(ctx.docker, API, { until: "healthy", timeoutMs: 30_000 });
    return `${API_REPO}:latest is ${API_REPO}:${api.tag} again; ${API} healthy`;
  },
};
