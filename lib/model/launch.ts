import type { LaunchVerdict } from "@/lib/model/launch-verdict";
import type { Level } from "@/lib/model/runbook-schema";
import type { ModeOverride } from "@/lib/model/screen-mode";

/** Plain records of what people decided (from the database), and the JSON the board shows. */

export const VOTES = ["go", "hold"] as const;
export type VoteValue = (typeof VOTES)[number];
export type Call = VoteValue;

export type VoteRecord = {
  id: number;
  round: number;
  domain: string;
  personId: string;
  vote: VoteValue;
  reason: string | null;
  at: string;
};

export type DecisionRecord = {
  round: number;
  call: Call;
  personId: string;
  reason: string | null;
  at: string;
  /** Gates that were red when the call was made (HOLD with an unresolved P0 delays the launch). */
  blockingGates: string[];
};

/** A checkpoint's call (deploy §4's Go/Hold at 08:30); the latest per checkpoint is in force. */
export type CheckpointCallRecord = {
  id: number;
  checkpointId: string;
  call: Call;
  personId: string;
  reason: string | null;
  at: string;
  /** Its gates that were red when it was called. */
  blockingGates: string[];
};

export type DelayRecord = {
  id: number;
  /** The round it closed; the poll reopens as round + 1. */
  round: number;
  minutes: number;
  reason: string;
  personId: string;
  at: string;
};

export type WaiverRecord = { id: number; gateId: string; personId: string; reason: string; at: string };

export type TickRecord = {
  id: number;
  itemId: string;
  personId: string;
  done: boolean;
  note: string | null;
  at: string;
};

/** Everything stored about one launch, as the rules need it. */
export type LaunchRecord = {
  revision: number;
  round: number;
  votes: VoteRecord[];
  decisions: DecisionRecord[];
  delays: DelayRecord[];
  waivers: WaiverRecord[];
  ticks: TickRecord[];
  /** Calls of the checkpoints before the launch's (absent: none stored). */
  checkpointCalls?: CheckpointCallRecord[];
  /** The lead's choice of the screen's mode, if one is in force (absent: none stored). */
  modeOverride?: ModeOverride | null;
};

export const EMPTY_LAUNCH_RECORD: LaunchRecord = {
  revision: 0,
  round: 1,
  votes: [],
  decisions: [],
  delays: [],
  waivers: [],
  ticks: [],
};

/** A live check as the launch rules see it. */
export type CheckLevel = { id: string; label: string; level: Level; summary: string };
export type ActiveIncident = {
  severity: "P0" | "P1" | "P2";
  title: string;
  /** The incident's id in the incident store, so a status update posted from comms lands on its timeline. */
  id?: string;
  /** When it was declared (ISO). Without it the status-update clock cannot run and says so. */
  declaredAt?: string | null;
  /** The last status update the incident's timeline records (posted from anywhere). */
  lastStatusPostAt?: string | null;
};

/** The next status update during an active incident (incident §5.1); null when no incident is active. */
export type StatusUpdateClock = {
  severity: ActiveIncident["severity"];
  title: string;
  declaredAt: string | null;
  everyMinutes: number;
  /** The last status update posted (Slack or marked as posted by hand) for this incident. */
  lastPostedAt: string | null;
  /** Null when it cannot be known; `unknown` says why. */
  dueAt: string | null;
  unknown: string | null;
};

export type GateStatus = "green" | "red" | "waived";
export type GateState = {
  id: string;
  label: string;
  domain: string;
  source: string | null;
  status: GateStatus;
  /** Why it is red (empty when green). */
  reasons: string[];
  evidence: CheckLevel[];
  waiver: WaiverRecord | null;
};

/** A checkpoint on the board: "not-called" until its owner calls it, then its latest call. */
export type CheckpointState = {
  id: string;
  label: string;
  owner: string;
  source: string | null;
  dueAt: string;
  status: "go" | "hold" | "not-called";
  call: CheckpointCallRecord | null;
  /** Its gates red now (a Go is refused while any is). */
  blocking: string[];
};

export type DomainVote = {
  domain: string;
  /** Who may vote for this domain. */
  voters: string[];
  vote: VoteValue | null;
  reason: string | null;
  by: string | null;
  at: string | null;
  /** Earlier votes of this round for this domain (changed votes are kept). */
  changes: number;
};

export type PollState = {
  round: number;
  opensAt: string;
  /** Votes are accepted until the lead's call of this round. */
  open: boolean;
  domains: DomainVote[];
  go: number;
  hold: number;
  missing: number;
};

export const PHASES = ["PRE-LAUNCH", "POLL OPEN", "HOLDING", "GO", "LAUNCHED", "INCIDENT"] as const;
export type Phase = (typeof PHASES)[number];

export type ItemState = {
  id: string;
  label: string;
  kind: "auto" | "manual";
  owner: string | null;
  done: boolean;
  /** Automatic items: the live checks that decide them. */
  evidence: CheckLevel[];
  tick: TickRecord | null;
};

export type MilestoneStatus = "upcoming" | "due" | "done" | "overdue";
export type MilestoneState = {
  id: string;
  label: string;
  offsetMinutes: number;
  dueAt: string;
  status: MilestoneStatus;
  statusPost: string | null;
  source: string | null;
  items: ItemState[];
};

export type LaunchFlowState = {
  /** False until the stored decisions have been read; the board must not guess them. */
  loaded: boolean;
  error: string | null;
  revision: number;
  round: number;
  phase: Phase;
  phaseDetail: string;
  runbookT0: string;
  effectiveT0: string;
  delayedMinutes: number;
  delays: DelayRecord[];
  poll: PollState;
  /** The call of the current round, if made. */
  decision: DecisionRecord | null;
  gates: GateState[];
  /** Go/Hold calls before the launch's (deploy §4's at 08:30), in the runbook's order. */
  checkpoints: CheckpointState[];
  milestones: MilestoneState[];
  nextMilestone: string | null;
  statusUpdate: StatusUpdateClock | null;
  /** The lead's choice of the screen's mode, if one is in force. */
  modeOverride?: ModeOverride | null;
  /** Launch day §6: successful, failed (post-mortem) or still open, line by line (when the runbook has one). */
  verdict?: LaunchVerdict;
};
