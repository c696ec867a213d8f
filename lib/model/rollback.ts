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

export const RUN_STATUSES = ["running", "succeeded", "failed", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type RunKind = "rollback" | "restart-api";

/** One service the rollback stops and brings back. `repo` null: its image is not re-tagged (scraper). */
export type ServiceTarget = { service: string; container: string; repo: string | null };

/** Where to act: the compose project's containers, the state file, and how to verify the API. */
export type RollbackTarget = {
  project: string;
  /** In stop order; the first is the API (recreated, waited for and verified before the others start). */
  services: ServiceTarget[];
  rollbackStatePath: string;
  apiUrl: string;
  healthTimeoutMs: number;
  verify: { healthPath: string; searchPath: string; redirectPath: string; affiliateTag: string };
};

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
    | "manual";
  args: Record<string, string>;
  /** Shown with manual steps: why it is never automatic. */
  warning?: string;
};

export type RollbackPlan = {
  kind: RunKind;
  project: string;
  builtAt: string;
  /** A digest of what the plan does: a start whose preview differs is refused. */
  planHash: string;
  /** The confirmation word, or the target image tag, typed by the lead. */
  confirmWords: string[];
  source: "rollback-state" | "previous-sha-tag" | "none";
  sourceDetail: string;
  services: ServicePlan[];
  steps: PlannedStep[];
  /** Why there is nothing to roll back to (empty plan). */
  blocked: string | null;
};

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
