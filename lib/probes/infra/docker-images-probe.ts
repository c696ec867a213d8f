import "server-only";
import { z } from "zod";
import type { Evidence } from "@/lib/model/probe";
import { abortError, raceSignal } from "@/lib/probes/infra/deadline";
import { dockerClient, dockerStatus, engineFailure } from "@/lib/probes/infra/docker-client";
import { imageLineage, noRollbackTargetWhy, type TaggedImage } from "@/lib/probes/infra/docker-images";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import { failedResult } from "@/lib/probes/infra/infra-result";
import { finishResult, type Verdict, verdict } from "@/lib/probes/result";

const startedSchema = z.object({ Image: z.string(), State: z.object({ StartedAt: z.string() }) });

/** The sha- images of a repository for rollback: which one latest is, the one before it, when the API last started. */
export const probeDockerImages: InfraProbe<"docker-images"> = async (check, ctx) => {
  const docker = dockerClient(check.socketPath);
  const raced = await raceSignal(
    ctx.signal,
    (async () => {
      const images = await docker.listImages({
        filters: { reference: [check.repository] },
        abortSignal: ctx.signal,
      });
      const inspected = check.container
        ? await docker
            .getContainer(check.container)
            .inspect({ abortSignal: ctx.signal })
            .catch((err: unknown) => (dockerStatus(err) === 404 ? null : Promise.reject(err)))
        : undefined;
      const container = inspected ? startedSchema.parse(inspected) : inspected;
      return { images, container };
    })(),
  );
  const evidence: Evidence = { repository: check.repository, tagPrefix: check.tagPrefix };
  if (raced.kind === "aborted")
    return failedResult(engineFailure(abortError(), check.socketPath, ctx.timeoutMs), evidence);
  if (raced.kind === "error")
    return failedResult(engineFailure(raced.error, check.socketPath, ctx.timeoutMs), evidence);

  const lineage = imageLineage(raced.value.images, check.repository, check.tagPrefix);
  const showImage = (t: TaggedImage) =>
    `${check.repository}:${t.tag} (${new Date(t.created * 1000).toISOString()})`;
  Object.assign(evidence, {
    tags: lineage.tags.map((t) => t.tag).join(", ") || "none",
    latest: lineage.latestId ? lineage.latestId.slice(0, 19) : "missing",
    current: lineage.current ? showImage(lineage.current) : null,
    previous: lineage.previous ? showImage(lineage.previous) : null,
  });
  lineage.tags.slice(0, 5).forEach((t, i) => {
    evidence[`image ${i + 1}`] =
      `${t.tag} ${t.imageId.slice(7, 19)} ${new Date(t.created * 1000).toISOString()}`;
  });

  let started = "";
  const container = raced.value.container;
  if (container === null) evidence.containerStartedAt = `no container named ${check.container}`;
  else if (container) {
    evidence.containerStartedAt = container.State.StartedAt;
    const running = lineage.tags.find((t) => t.imageId === container.Image);
    evidence.containerImage = running ? running.tag : container.Image.slice(0, 19);
    started = `; ${check.container} last started ${container.State.StartedAt}${running ? ` on ${running.tag}` : ""}`;
  }

  const repo = check.repository;
  const verdicts: Verdict[] = [
    verdict(
      `[${repo}:latest] exists`,
      lineage.latestId ? "present" : "missing",
      lineage.latestId !== null,
      "warn",
      `${repo}:latest does not exist${started}`,
    ),
    verdict(
      `[${repo}:${check.tagPrefix}*] previous image exists`,
      lineage.previous?.tag ?? "none",
      lineage.previous !== null,
      "warn",
      `${noRollbackTargetWhy(lineage, repo, check.tagPrefix)}${started}`,
    ),
  ];
  return finishResult({
    verdicts,
    value: lineage.tags.length,
    unit: "images",
    evidence,
    okSummary: `latest is ${lineage.current?.tag ?? "untagged"}, rollback target ${lineage.previous?.tag}${started}`,
  });
};
