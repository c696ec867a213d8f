import type { ManualStep, ServiceRole, STATE_IMAGE_KEYS, VerifyRequest } from "@/lib/model/actions-schema";
import type { FileCleanup, ServiceAction } from "@/lib/model/service-actions-schema";

/** Shapes shared by the rollback planner, executor, store, API and board (JSON-safe). */

export const STEP_STATUSES = [
  "pending",
  "running",
  "ok",
  "failed",
  "skipped",
  "manual",
  "interrupted",
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const RUN_STATUSES = ["running", "succeeded", "failed", "interrupted", "aborted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_KINDS = [
  "rollback",
  "restart-api",
  "disk-cleanup",
  "restart-stack",
  "stop-ingestion",
  "resume-ingestion",
  "service-action",
  "backup",
  "pause-us",
  "resume-us",
] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** Files the cleanup deletes by age (the runbooks' `find DIR -name PATTERN -mtime +N -delete`). */
export type OldFilesRule = {
  name: string;
  dir: string;
  pattern: string;
  olderThanDays: number;
  source?: string;
};

/** The disk cleanup's settings (actions.cleanup): who besides the lead may run it, and what it only shows. */
export type CleanupTarget = {
  source?: string;
  /** Owners of this domain may run it too (the runbooks' disk owner); null: the lead only. */
  ownerDomain: string | null;
  /** Only dangling images carrying this label (`key=value`); null: every dangling image of the engine. */
  onlyLabel: string | null;
  /** The runbooks' stronger commands: listed with their warning, never run. */
  manual: ManualStep[];
  /** Old files deleted by age (logs, backups), each listed in the plan first. */
  files: FileCleanup[];
  /** Deleted by age, exactly the files the confirmed plan listed (absent: none). */
  deleteOld?: OldFilesRule[];
};

/** The full stack restart (the runbooks' last resort): every container of the project, tier by tier. */
export type StackRestartTarget = {
  source?: string;
  /** Services restarted together, each tier waited for before the next; the project's others come last. */
  tiers: string[][];
};

/** Ingestion stopped around a database restore and resumed only once the restore is verified. */
export type IngestionTarget = {
  source?: string;
  /** The services that write to the database (compose service names). */
  services: string[];
  /** The check that must read ok before ingestion resumes (the restored product count). */
  verifyCheck: string | null;
};

/** A backup made on demand: a command in one container, then the new dump looked for in `dir`. */
export type BackupTarget = {
  source?: string;
  service: string;
  container: string;
  command: string[];
  dir: string | null;
};

/** US traffic paused or resumed by a flag and a reload in one container, then verified. */
export type UsTrafficTarget = {
  source?: string;
  service: string;
  container: string;
  pause: string[][];
  resume: string[][];
  verifyPaused: VerifyRequest[];
  verifyResumed: VerifyRequest[];
};

/** One service the rollback stops and brings back. `repo` null: its image is not re-tagged (scraper). */
export type ServiceTarget = {
  service: string;
  container: string;
  repo: string | null;
  /** Default: the first service is the primary, the others dependents. */
  role?: ServiceRole;
  /** May be absent: then skipped without a warning. */
  optional?: boolean;
  /** The rollback state file's key naming its previous image. */
  stateKey?: (typeof STATE_IMAGE_KEYS)[number] | null;
};

/** Where to act (resolved from the runbook's actions and the environment's overrides). */
export type RollbackTarget = {
  /** The compose project; null when the runbook names the containers instead. */
  project: string | null;
  /** The primary first (recreated, waited for and verified before the others start), then dependents. */
  services: ServiceTarget[];
  rollbackStatePath: string;
  apiUrl: string;
  healthTimeoutMs: number;
  /** `docker stop -t` for every stop and restart. */
  stopTimeoutS: number;
  /** Bound on each Docker Engine API call other than a stop (which also gets its stop timeout). */
  engineCallMs: number;
  verify: VerifyRequest[];
  /** Listed after the automatic steps of a rollback, never run. */
  manual: ManualStep[];
  /** Set when the runbook's disk cleanup is a Docker action on this stack. */
  cleanup?: CleanupTarget;
  /** Set when the runbook's full stack restart is a Docker action on this stack. */
  restartStack?: StackRestartTarget;
  /** Set when the runbook's ingestion stop/resume is a Docker action on this stack. */
  ingestion?: IngestionTarget;
  /** The runbook's other safe actions on named services of the project. */
  serviceActions?: ServiceAction[];
  /** Set when the runbook's backup command is a Docker action on this stack. */
  backup?: BackupTarget;
  /** Set when the runbook's US traffic pause is a Docker action on this stack. */
  usTraffic?: UsTrafficTarget;
};

/** A runbook action warroom does not run: its steps, each with the exact command. */
export type ManualAction = { kind: "manual"; source?: string; steps: ManualStep[] };

/** An image as the plan names it: id, its sha- tag if any, and where the choice came from. */
export type PlannedImage = { id: string; tag: string | null; source: string };

export type ServicePlan = {
  service: string;
  container: string;
  repo: string | null;
  /** What the container runs now (null: no such container). */
  current: { id: string; tag: string | null; state: string } | null;
  /** What it will run after the rollback; null target = unchanged image (just started again). */
  target: PlannedImage | null;
  /** Recreate (image changes) or start the same container again. */
  action: "recreate" | "start";
  role?: ServiceRole;
  /** Why the plan leaves this service alone (it does not exist); absent when it acts on it. */
  skipped?: string;
  /** Said when the image history was unknown and the plan fell back (started again as it is). */
  note?: string;
};

/** A step as a human would run it. `kind` + `args` tell the executor what to do. */
export type PlannedStep = {
  name: string;
  command: string;
  kind:
    | "stop"
    | "tag"
    | "recreate"
    | "start"
    | "wait-healthy"
    | "verify-health"
    | "verify-search"
    | "verify-redirect"
    | "restart"
    | "write-state"
    | "prune-builder"
    | "remove-images"
    | "kill"
    | "exec"
    | "watch"
    | "stats"
    | "check-backup"
    | "delete-files"
    | "http-call"
    | "manual";
  args: Record<string, string>;
  /** Shown with manual steps: why it is never automatic. */
  warning?: string;
  /**
   * Starts together with the step before it and does not hold up the steps after it; a later step on the
   * same container waits for it (dependents stop while the primary is already being recreated).
   */
  parallel?: boolean;
};

export type RollbackPlan = {
  kind: RunKind;
  /** A service action's id (kind service-action). */
  action?: string;
  project: string;
  builtAt: string;
  /** A digest of what the plan does: a start whose preview differs is refused. */
  planHash: string;
  /** The confirmation word, or the target image tag, typed by the lead. */
  confirmWords: string[];
  source: "rollback-state" | "previous-sha-tag" | "none" | "manual";
  sourceDetail: string;
  services: ServicePlan[];
  steps: PlannedStep[];
  /** Why there is nothing to roll back to (empty plan). */
  blocked: string | null;
  /** A disk cleanup's images: what it removes and what it keeps, with why. */
  cleanup?: CleanupPlan;
};

/** An image the cleanup names: its id, size, and (when kept) why a rollback or the project needs it. */
export type CleanupImage = { id: string; sizeBytes: number; why?: string };

export type CleanupPlan = {
  /** Dangling images no rollback and no container of the project needs. */
  remove: CleanupImage[];
  /** Dangling images kept: the rollback state's previous image, images of the project's containers. */
  keep: CleanupImage[];
  /** The project's sha- images (tagged, so never dangling): listed so the plan says they stay. */
  rollbackImages: string[];
  /** Every container of the project, any state: none is removed. */
  projectContainers: string[];
  /** Build cache reclaimable now, when the engine said (null: unknown). */
  buildCacheBytes: number | null;
  /** Old files the plan deletes, each named (a step deletes exactly these, judged again first). */
  files?: PlannedFile[];
};

/** A file the cleanup deletes: where, how big, last changed. */
export type PlannedFile = { group: string; path: string; sizeBytes: number; mtime: string };

export type StepView = {
  index: number;
  name: string;
  command: string;
  status: StepStatus;
  output: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
};

export type RunView = {
  id: string;
  kind: RunKind;
  status: RunStatus;
  requestedBy: string;
  reason: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: string | null;
  ownerPid: number | null;
  /** The dashboard process executing it (host:pid:nonce). */
  ownerInstance: string | null;
  heartbeatAt: string | null;
  plan: RollbackPlan;
  steps: StepView[];
};

/** What every viewer sees of the rollback: the latest run with its steps (board and TV, via the stream). */
export type RollbackBoard = {
  run: RunView | null;
  /** Set when the runs could not be read: the board then says so instead of showing nothing. */
  error: string | null;
};
