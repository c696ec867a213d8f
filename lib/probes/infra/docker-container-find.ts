import "server-only";
import type Docker from "dockerode";
import { z } from "zod";
import type { ProbeContext } from "@/lib/model/probe";
import { abortError, raceSignal } from "@/lib/probes/infra/deadline";
import { dockerStatus, engineFailure } from "@/lib/probes/infra/docker-client";
import type { InfraFailure } from "@/lib/probes/infra/infra-result";

export type DockerTarget = { socketPath: string; container?: string; project?: string; service?: string };

const inspectSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  Image: z.string(),
  RestartCount: z.number().default(0),
  State: z.object({
    Status: z.string(),
    Running: z.boolean(),
    Restarting: z.boolean().default(false),
    OOMKilled: z.boolean().default(false),
    ExitCode: z.number().default(0),
    Error: z.string().default(""),
    StartedAt: z.string(),
    FinishedAt: z.string().default(""),
    Health: z
      .object({
        Status: z.string(),
        FailingStreak: z.number().default(0),
        Log: z
          .array(z.object({ ExitCode: z.number(), Output: z.string(), End: z.string().optional() }))
          .nullish(),
      })
      .nullish(),
  }),
  Config: z.object({
    Image: z.string(),
    Tty: z.boolean().default(false),
    Labels: z.record(z.string(), z.string()).nullish(),
  }),
});
export type ContainerInfo = z.infer<typeof inspectSchema> & { name: string };

export type Found =
  | { kind: "found"; info: ContainerInfo; matched: number }
  | ({ kind: "failed" } & InfraFailure);

/** "container web-1" or "service api of compose project buywhere-api", for messages. */
export function describeTarget(t: DockerTarget): string {
  return t.container !== undefined
    ? `container ${t.container}`
    : `service ${t.service} of compose project ${t.project}`;
}

/**
 * Inspect the container by name, or the one a compose project runs for a service (labels; the running one,
 * else the newest). Gone → crit; the engine unreachable → unknown.
 */
export async function findContainer(docker: Docker, target: DockerTarget, ctx: ProbeContext): Promise<Found> {
  const raced = await raceSignal(ctx.signal, locate(docker, target, ctx.signal));
  if (raced.kind === "aborted")
    return { kind: "failed", ...engineFailure(abortError(), target.socketPath, ctx.timeoutMs) };
  if (raced.kind === "error") {
    if (dockerStatus(raced.error) === 404) return gone(target, "disappeared");
    return { kind: "failed", ...engineFailure(raced.error, target.socketPath, ctx.timeoutMs) };
  }
  if (raced.value === null) return gone(target, "none");
  const parsed = inspectSchema.safeParse(raced.value.raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      kind: "failed",
      level: "unknown",
      condition: "[INSPECT] readable",
      reason: `unexpected inspect answer for ${describeTarget(target)}: ${issue?.path.join(".")}: ${issue?.message}`,
    };
  }
  return {
    kind: "found",
    info: { ...parsed.data, name: parsed.data.Name.replace(/^\//, "") },
    matched: raced.value.matched,
  };
}

async function locate(
  docker: Docker,
  target: DockerTarget,
  signal: AbortSignal,
): Promise<{ raw: unknown; matched: number } | null> {
  if (target.container !== undefined) {
    try {
      return {
        raw: await docker.getContainer(target.container).inspect({ abortSignal: signal }),
        matched: 1,
      };
    } catch (err) {
      if (dockerStatus(err) === 404) return null;
      throw err;
    }
  }
  const list = await docker.listContainers({
    all: true,
    filters: {
      label: [`com.docker.compose.project=${target.project}`, `com.docker.compose.service=${target.service}`],
    },
    abortSignal: signal,
  });
  if (list.length === 0) return null;
  const pick = [...list].sort(
    (a, b) => Number(b.State === "running") - Number(a.State === "running") || b.Created - a.Created,
  )[0];
  if (!pick) return null;
  // A 404 here means it went away between list and inspect: reported as "disappeared".
  return { raw: await docker.getContainer(pick.Id).inspect({ abortSignal: signal }), matched: list.length };
}

function gone(target: DockerTarget, how: "none" | "disappeared"): Found {
  const reason =
    how === "disappeared"
      ? `${describeTarget(target)} disappeared during the check`
      : target.container !== undefined
        ? `no container named ${target.container}`
        : `no container for ${describeTarget(target)}`;
  return { kind: "failed", level: "crit", condition: "[CONTAINER] exists", reason };
}
