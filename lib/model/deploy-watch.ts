import type { Level } from "@/lib/model/runbook-schema";

/** JSON shapes of the deploy watch, shared by the watcher, the store, the rules and the board. */

export const DEPLOY_KINDS = ["deploy", "rollback", "restart"] as const;
/** deploy: someone else changed the primary's image; rollback/restart: warroom's own run did. */
export type DeployKind = (typeof DEPLOY_KINDS)[number];

export type ImageRef = { id: string; tag: string | null };

export type SmokeStatus = "pass" | "fail" | "unknown" | "running";

export type SmokeResult = {
  id: string;
  label: string;
  source: string | null;
  status: SmokeStatus;
  /** Each check behind the test: level and its one-line why. */
  checks: { id: string; level: Level; summary: string }[];
  at: string | null;
};

export type SmokeRun = {
  startedAt: string;
  finishedAt: string | null;
  results: SmokeResult[];
  /** Why these results may change (the container's health was still starting: run again when it is known). */
  note: string | null;
};

export type DeployRecord = {
  id: string;
  runbookId: string;
  kind: DeployKind;
  at: string;
  container: string;
  from: ImageRef | null;
  to: ImageRef;
  runId: string | null;
  /** What was written to the rollback state file, or why nothing was. */
  stateNote: string;
  smoke: SmokeRun | null;
};

/** One post-deploy window rule (deploy §5.1 go condition for 15 min, deploy §4 three health failures). */
export type WindowRuleView = {
  id: string;
  label: string;
  source: string;
  /** firing: recommends rollback now; ok: not breaching; unknown: cannot tell yet (with why). */
  state: "firing" | "ok" | "unknown";
  reason: string;
  firedAt: string | null;
  samples: { at: string; level: Level; value: number | null }[];
};

/** One step of the deploy runbook's sequence; `checks` confirm it live where the runbook's step can be measured. */
export type DeployStepView = { id: string; label: string; source: string | null; checks: string[] };

export type DeployWatchBoard = {
  primary: string;
  /** What the primary runs as last seen (null before the engine answered). */
  current: ImageRef | null;
  /** Why the watch cannot see the engine or the store, said instead of showing nothing. */
  error: string | null;
  /** The newest image change (deploy or warroom's rollback); a restart since is in `recent` only. */
  latest: DeployRecord | null;
  window: { openUntil: string; open: boolean; rules: WindowRuleView[] } | null;
  /** The newest deploys, rollbacks and restarts, newest first. */
  recent: DeployRecord[];
  /** The deploy runbook's steps (absent on boards stored before they were shown). */
  steps?: DeployStepView[];
};
