import "server-only";
import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import type { Db } from "@/lib/db/client";
import { listDeploys } from "@/lib/db/list-deploys";
import { findActiveIncidentId } from "@/lib/db/read-incidents";
import { recordDeploy } from "@/lib/db/record-deploy";
import { listRuns } from "@/lib/db/rollback-runs";
import { writeDeployState } from "@/lib/deploys/state-file";
import { addRecord, getWatchState } from "@/lib/deploys/watch-state";
import type { DeployRecord, ImageRef } from "@/lib/model/deploy-watch";
import type { RollbackTarget, ServiceTarget } from "@/lib/model/rollback";
import { shaTagOf } from "@/lib/rollback/compose-plan";
import { engineCall } from "@/lib/rollback/engine-call";
import { classifyImageChange, type OwnRun } from "@/lib/rules/deploy-watch";

export type ObserveDeps = { db: Db; docker: Docker; target: RollbackTarget; runbookId: string };

/** The primary: the one service whose image the watch follows. */
export function primaryOf(target: RollbackTarget): ServiceTarget {
  const primary = target.services.find((s) => s.role === "primary") ?? target.services[0];
  if (!primary) throw new Error("the runbook's actions name no primary service");
  return primary;
}

async function currentImage(deps: ObserveDeps, primary: ServiceTarget) {
  const ms = deps.target.engineCallMs;
  const info = await engineCall(`docker inspect ${primary.container}`, ms, (abortSignal) =>
    deps.docker.getContainer(primary.container).inspect({ abortSignal } as object),
  ).catch((err: { statusCode?: number }) => {
    if (err.statusCode === 404) return null;
    throw err;
  });
  if (!info) return null;
  const image = await engineCall(`docker image inspect ${info.Image.slice(7, 19)}`, ms, (abortSignal) =>
    deps.docker.getImage(info.Image).inspect({ abortSignal } as object),
  ).catch(() => null);
  const tags = image?.RepoTags ?? [];
  const ref: ImageRef = { id: info.Image, tag: shaTagOf(tags, primary.repo) ?? tags[0] ?? null };
  return { ref, startedAt: info.State.StartedAt, health: info.State.Health?.Status ?? null };
}

function ownRunOf(run: Awaited<ReturnType<typeof listRuns>>[number] | undefined): OwnRun | null {
  if (!run) return null;
  return {
    id: run.id,
    kind: run.kind,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    targetImage: run.plan.services[0]?.target?.id ?? null,
  };
}

export type Observation = {
  record: DeployRecord | null;
  /** The primary's Docker health now ("starting", "healthy" …; null without a healthcheck). */
  health: string | null;
};

/**
 * Reads what the primary runs now and, when its image changed since last seen, records what that was: a
 * deploy (the rollback state then names the image it replaced) or warroom's own rollback or restart (the
 * state is left to the run, never pointed at the image rolled back from). The first sighting after
 * start-up is compared with the last stored record, so a deploy while warroom was down is still seen.
 */
export async function observePrimary(deps: ObserveDeps, eventAtMs: number | null): Promise<Observation> {
  const state = getWatchState();
  const primary = primaryOf(deps.target);
  if (!state.loaded) {
    const stored = await listDeploys(deps.db, deps.runbookId, { limit: 6 });
    state.recent = stored;
    state.current ??= stored[0]?.to ?? null;
    state.loaded = true;
  }
  const now = await currentImage(deps, primary);
  if (!now) {
    state.error = `${primary.container} does not exist: no image to watch`;
    return { record: null, health: null };
  }
  state.error = null;
  const atMs = eventAtMs ?? (Date.parse(now.startedAt) || Date.now());
  const previous = state.current;
  const [run] = await listRuns(deps.db, deps.runbookId, 1);
  const change = classifyImageChange(previous?.id ?? null, now.ref.id, ownRunOf(run), atMs);
  if (change.kind === "baseline" || change.kind === "unchanged") {
    state.current = now.ref;
    return { record: null, health: now.health };
  }
  const at = new Date(atMs);
  const stateNote =
    change.kind !== "deploy"
      ? `rollback state left to warroom's ${change.kind} run (${change.why}): never pointed at the image it replaced`
      : previous
        ? await writeDeployState(deps.target.rollbackStatePath, primary, previous, now.ref, at)
        : "no earlier image known: nothing written";
  const record: DeployRecord = {
    id: randomUUID(),
    runbookId: deps.runbookId,
    kind: change.kind,
    at: at.toISOString(),
    container: primary.container,
    from: previous,
    to: now.ref,
    runId: change.runId,
    stateNote,
    smoke: null,
  };
  addRecord(state, record);
  const incidentId = await findActiveIncidentId(deps.db, deps.runbookId).catch(() => null);
  await recordDeploy(deps.db, record, incidentId).catch((err: unknown) => {
    state.error = `deploy not stored: ${err instanceof Error ? err.message : String(err)}`;
  });
  return { record, health: now.health };
}
