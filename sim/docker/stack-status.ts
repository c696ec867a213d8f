import { assertEngineReachable } from "@/lib/rollback/docker-engine";
import { type RollbackState, readRollbackState } from "@/lib/rollback/rollback-state";
import { API_REPO, MCP_REPO, shaOfTags } from "./deploy-release";
import { readStackFaults, type StackFault } from "./faults";
import { diskUsagePercent, isTmpfsMounted } from "./host-disk";
import {
  containerName,
  LABEL_PROJECT,
  LABEL_SERVICE,
  STACK_SERVICES,
  type StackPaths,
  type StackPorts,
  type StackService,
  type StackUrls,
  stackUrls,
} from "./stack-config";
import { inspectContainer } from "./stack-containers";
import { type StackContext, type StackOptions, stackContext } from "./stack-context";
import { readStackSettings } from "./stack-record";

export type ServiceStatus = {
  service: StackService;
  name: string;
  /** "missing" when no such container exists. */
  state: string;
  health: string | null;
  image: string | null;
  imageId: string | null;
  labels: Record<string, string>;
  networkMode: string | null;
  restartCount: number;
  startedAt: string | null;
};

export type StackStatus = {
  services: ServiceStatus[];
  isHealthy: boolean;
  ports: StackPorts;
  urls: StackUrls;
  paths: StackPaths;
  disk: { isMounted: boolean; usedPercent: number | null };
  faults: Record<StackFault, boolean>;
  rollbackState: RollbackState | null;
  /** The sha each `latest` tag points at. */
  latest: { api: string | null; mcp: string | null };
};

async function serviceStatus(ctx: StackContext, service: StackService): Promise<ServiceStatus> {
  const name = containerName(service);
  const info = await inspectContainer(ctx.docker, name);
  if (!info) {
    return {
      service,
      name,
      state: "missing",
      health: null,
      image: null,
      imageId: null,
      labels: {},
      networkMode: null,
      restartCount: 0,
      startedAt: null,
    };
  }
  return {
    service,
    name,
    state: info.State.Status,
    health: info.State.Health?.Status ?? null,
    image: info.Config.Image,
    imageId: info.Image,
    labels: info.Config.Labels ?? {},
    networkMode: info.HostConfig.NetworkMode ?? null,
    restartCount: info.RestartCount,
    startedAt: info.State.StartedAt,
  };
}

async function latestSha(ctx: StackContext, repo: string): Promise<string | null> {
  const image = await ctx.docker
    .getImage(`${repo}:latest`)
    .inspect()
    .catch(() => null);
  return image ? shaOfTags(image.RepoTags, repo) : null;
}

/** Containers, faults, rollback state and where everything listens, read from the engine and the servers. */
export async function readStackStatus(opts: StackOptions = {}): Promise<StackStatus> {
  const ctx = stackContext(opts);
  await assertEngineReachable(ctx.docker);
  return stackStatusOf(ctx);
}

export async function stackStatusOf(ctx: StackContext): Promise<StackStatus> {
  const settings = await readStackSettings(ctx.paths, ctx.env);
  const services = await Promise.all(STACK_SERVICES.map((s) => serviceStatus(ctx, s)));
  const isMounted = await isTmpfsMounted(ctx.paths.disk);
  return {
    services,
    isHealthy: services.every(
      (s) =>
        s.health === "healthy" &&
        s.labels[LABEL_PROJECT] !== undefined &&
        s.labels[LABEL_SERVICE] === s.service,
    ),
    ports: settings.ports,
    urls: stackUrls(settings.ports),
    paths: ctx.paths,
    disk: { isMounted, usedPercent: isMounted ? await diskUsagePercent(ctx.paths.disk) : null },
    faults: await readStackFaults({ ...ctx, settings }),
    rollbackState: await readRollbackState(ctx.paths.rollbackState),
    latest: { api: await latestSha(ctx, API_REPO), mcp: await latestSha(ctx, MCP_REPO) },
  };
}
