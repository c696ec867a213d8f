import "server-only";
import type Docker from "dockerode";
import type { DockerDf, DockerDfRow } from "@/lib/model/disk-view";
import { dockerClient } from "@/lib/probes/infra/docker-client";

/** The parts of GET /system/df that `docker system df` reads (Engine API 1.41; negative sizes = not computed). */
export type SystemDf = {
  LayersSize?: number;
  Images?: { Containers?: number; Size?: number; SharedSize?: number }[] | null;
  Containers?: { State?: string; SizeRw?: number }[] | null;
  Volumes?: { UsageData?: { Size?: number; RefCount?: number } | null }[] | null;
  BuildCache?: { Size?: number; InUse?: boolean; Shared?: boolean }[] | null;
};

const known = (n: number | undefined) => (typeof n === "number" && n > 0 ? n : 0);

/**
 * The four lines of `docker system df`, computed as the Docker CLI does: images' reclaimable space is what
 * no container's image holds exclusively; containers' is the writable layers of the stopped ones; volumes'
 * is what no container references; the build cache's is what is neither in use nor shared.
 */
export function summarizeDockerDf(df: SystemDf): DockerDfRow[] {
  const images = df.Images ?? [];
  const activeImages = images.filter((i) => known(i.Containers) > 0);
  const layers = known(df.LayersSize);
  const inUse = activeImages.reduce((sum, i) => sum + Math.max(0, known(i.Size) - known(i.SharedSize)), 0);
  const containers = df.Containers ?? [];
  const running = (c: { State?: string }) => c.State === "running";
  const volumes = df.Volumes ?? [];
  const referenced = (v: (typeof volumes)[number]) => known(v.UsageData?.RefCount) > 0;
  const cache = df.BuildCache ?? [];
  const sum = <T>(list: T[], size: (t: T) => number | undefined) =>
    list.reduce((total, t) => total + known(size(t)), 0);
  return [
    {
      type: "Images",
      total: images.length,
      active: activeImages.length,
      sizeBytes: layers,
      reclaimableBytes: Math.max(0, layers - inUse),
    },
    {
      type: "Containers",
      total: containers.length,
      active: containers.filter(running).length,
      sizeBytes: sum(containers, (c) => c.SizeRw),
      reclaimableBytes: sum(
        containers.filter((c) => !running(c)),
        (c) => c.SizeRw,
      ),
    },
    {
      type: "Local Volumes",
      total: volumes.length,
      active: volumes.filter(referenced).length,
      sizeBytes: sum(volumes, (v) => v.UsageData?.Size),
      reclaimableBytes: sum(
        volumes.filter((v) => !referenced(v)),
        (v) => v.UsageData?.Size,
      ),
    },
    {
      type: "Build Cache",
      total: cache.length,
      active: cache.filter((c) => c.InUse).length,
      sizeBytes: sum(cache, (c) => c.Size),
      reclaimableBytes: sum(
        cache.filter((c) => !c.InUse && !c.Shared),
        (c) => c.Size,
      ),
    },
  ];
}

/** `docker system df` through the engine's API, bounded: the engine sizes every layer, which can take a while. */
export async function readDockerDf(socketPath: string, timeoutMs: number): Promise<DockerDf> {
  const docker: Docker = dockerClient(socketPath);
  const started = performance.now();
  const signal = AbortSignal.timeout(timeoutMs);
  // dockerode passes abortSignal through to the request; its type for df() declares no options.
  const df = (docker.df as (opts: { abortSignal: AbortSignal }) => Promise<SystemDf>).call(docker, {
    abortSignal: signal,
  });
  const raw = await Promise.race([
    df,
    new Promise<never>((_, reject) =>
      signal.addEventListener(
        "abort",
        () => reject(new Error(`docker system df: no answer within ${timeoutMs} ms`)),
        { once: true },
      ),
    ),
  ]);
  return {
    socket: socketPath,
    rows: summarizeDockerDf(raw),
    tookMs: Math.round(performance.now() - started),
  };
}
