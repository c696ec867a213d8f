import type { ImageRef } from "@/lib/model/deploy-watch";
import type { ServiceTarget } from "@/lib/model/rollback";
import { type RollbackState, readRollbackState, writeRollbackState } from "@/lib/rollback/rollback-state";

const sha = (ref: ImageRef | null) => ref?.tag?.replace(/^sha-/, "") ?? "none";

/**
 * The rollback state after a deploy of the primary from `from` to `to`: its key names the image it
 * replaced and PREV_SHA that image's sha (the runbook's heredoc writes the new one there, the mistake
 * this avoids); the other services' keys stay as they were. Pure.
 */
export function stateAfterDeploy(
  existing: RollbackState | null,
  primary: Pick<ServiceTarget, "stateKey">,
  from: ImageRef,
  to: ImageRef,
  at: Date,
): RollbackState {
  const base: RollbackState = existing ?? {
    PREV_API_IMAGE: "none",
    PREV_MCP_IMAGE: "none",
    PREV_SHA: "none",
    DEPLOY_TIME: "none",
    DEPLOY_SHA: "none",
  };
  return {
    ...base,
    [primary.stateKey ?? "PREV_API_IMAGE"]: from.id,
    PREV_SHA: sha(from),
    DEPLOY_SHA: sha(to),
    DEPLOY_TIME: at.toISOString().replace(/\.\d+Z$/, "Z"),
  };
}

/** Writes the state after a deploy; returns what the board says about it (never throws). */
export async function writeDeployState(
  path: string,
  primary: Pick<ServiceTarget, "stateKey">,
  from: ImageRef,
  to: ImageRef,
  at: Date,
): Promise<string> {
  if (!path) return "no rollback state file in the runbook's actions: nothing written";
  try {
    const next = stateAfterDeploy(await readRollbackState(path), primary, from, to, at);
    await writeRollbackState(path, next);
    const key = primary.stateKey ?? "PREV_API_IMAGE";
    return `rollback state written: ${key}=${from.tag ?? from.id.slice(7, 19)} (the image it replaced) in ${path}`;
  } catch (err) {
    return `rollback state NOT written to ${path}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
