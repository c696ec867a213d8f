import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type Docker from "dockerode";
import type {
  BackupTarget,
  PlannedStep,
  RollbackPlan,
  RollbackTarget,
  ServicePlan,
} from "@/lib/model/rollback";
import { hashPlan } from "@/lib/rollback/plan-steps";

export const BACKUP_WORD = "BACKUP";

/** A container's state now: "running", its other status, or null when there is no such container. */
export async function containerRunState(docker: Docker, name: string): Promise<string | null> {
  const info = await docker
    .getContainer(name)
    .inspect()
    .catch(() => null);
  if (!info) return null;
  return info.State.Running ? "running" : info.State.Status;
}

/** The backup container's state now (null: no such container). */
export function backupContainerState(docker: Docker, backup: BackupTarget): Promise<string | null> {
  return containerRunState(docker, backup.container);
}

/** Why a command cannot run in a container in this state (null: it can). */
export function execBlocked(container: string, state: string | null, what: string): string | null {
  if (state === null) return `${container} does not exist: there is no container to run ${what} in`;
  return state === "running" ? null : `${container} is ${state}: start it before running ${what} in it`;
}

/**
 * Deploy §1.5 "No backup: run one" as a confirmed action: the stack's backup command in its backup
 * container, then a look in the backups folder for a dump newer than the run's start. Blocked when the
 * container is absent or not running (a command cannot run in it).
 */
export function composeBackupPlan(
  target: RollbackTarget,
  backup: BackupTarget,
  state: string | null,
  now: Date,
): RollbackPlan {
  const service: ServicePlan = {
    service: backup.service,
    container: backup.container,
    repo: null,
    role: "dependent",
    current: state ? { id: "", tag: null, state } : null,
    target: null,
    action: "start",
    ...(state ? {} : { skipped: `${backup.container}: no such container` }),
  };
  const steps: PlannedStep[] = [
    {
      name: `backup in ${backup.container}`,
      command: `docker exec ${backup.container} ${backup.command.join(" ")}`,
      kind: "exec",
      args: { long: "1", container: backup.container, cmd: JSON.stringify(backup.command) },
    },
  ];
  if (backup.dir)
    steps.push({
      name: "new backup on disk",
      command: `ls -lt ${backup.dir} | head -2`,
      kind: "check-backup",
      args: { dir: backup.dir, since: now.toISOString() },
    });
  const blocked = execBlocked(backup.container, state, backup.command.join(" "));
  return {
    kind: "backup",
    project: target.project ?? "",
    builtAt: now.toISOString(),
    planHash: hashPlan({
      kind: "backup",
      container: backup.container,
      state,
      steps: steps.map((s) => s.command),
    }),
    confirmWords: [BACKUP_WORD],
    source: "none",
    sourceDetail: `run ${backup.command.join(" ")} in ${backup.container}${backup.source ? ` (${backup.source})` : ""}`,
    services: [service],
    steps: blocked ? [] : steps,
    blocked,
  };
}

/** The newest regular file in `dir` with its modification time, or null when there is none. */
export async function newestFile(
  dir: string,
): Promise<{ name: string; mtimeMs: number; size: number } | null> {
  const names = await readdir(dir);
  let newest: { name: string; mtimeMs: number; size: number } | null = null;
  for (const name of names) {
    const s = await stat(join(dir, name)).catch(() => null);
    if (s?.isFile() && (!newest || s.mtimeMs > newest.mtimeMs))
      newest = { name, mtimeMs: s.mtimeMs, size: s.size };
  }
  return newest;
}
