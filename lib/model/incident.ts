import type { ChecklistView } from "@/lib/model/checklist";
import type { CommsPrompt } from "@/lib/model/comms-prompt-schema";
import type { Level } from "@/lib/model/runbook-schema";
import type { TriggerKind } from "@/lib/model/trigger-schema";

/** JSON shapes of rules over time, incidents and the post-mortem (docs/incidents.md). */

export type SampleView = { at: string; level: Level; value: number | null };

export type TriggerState = {
  id: string;
  label: string;
  check: string;
  kind: TriggerKind;
  rollback: boolean;
  source: string | null;
  /** Human text of each level's condition, e.g. "> 2 for 5 min". */
  condition: { warn: string | null; crit: string | null };
  level: Level;
  reason: string;
  firingLevel: "warn" | "crit" | null;
  firedAt: string | null;
  /** The readings that made it fire (≤ 24, evenly spaced, first and last kept). */
  samples: SampleView[];
  sampleCount: number;
  breachingSince: string | null;
  lastSampleAt: string | null;
};

/** A rule over time that started firing, for the incident timeline. */
export type TriggerFiring = {
  ruleId: string;
  label: string;
  level: "warn" | "crit";
  at: number;
  reason: string;
};

export type RollbackRecommendation = {
  ruleId: string;
  label: string;
  level: "crit";
  source: string | null;
  condition: string;
  firedAt: string;
  samples: SampleView[];
  sampleCount: number;
};

export type TriggersState = {
  /** False until the stored windows were read: a restart does not pretend a window just began. */
  loaded: boolean;
  error: string | null;
  rules: TriggerState[];
  /** GO called and T-0 passed: only then do rollback triggers recommend a rollback. */
  afterLaunch: boolean;
  rollbackRecommended: RollbackRecommendation[];
};

export const SEVERITIES = ["P0", "P1", "P2"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The runbook's scenario the decision tree matched: what detected it and what the runbook says to do. */
export type MatchedScenario = {
  id: string;
  label: string;
  severity: Severity | null;
  action: string | null;
  /** The runbook's next steps for this scenario, in its order. */
  steps: string[];
  source: string;
  /** The checks the branch read (its detection readings). */
  checks: string[];
};

export type SeveritySuggestion = {
  severity: Severity | null;
  /** The tree's matching branch (absent on boards stored before scenarios, null when none matched). */
  scenario?: MatchedScenario | null;
  /** The decision-tree path, one line per branch taken, with the readings behind it. */
  path: string[];
  /** Checks the tree needed but could not read (unknown): the suggestion may be too mild. */
  unknown: string[];
  /** No incident suggested, yet checks fail: the scale's below-P2 handling (launch day's P3/P4 triage). */
  triage?: { label: string; action: string; source: string; checks: string[] } | null;
};

export type IncidentEventRecord = {
  id: number;
  at: string;
  kind: string;
  actor: string | null;
  message: string;
  data: Record<string, unknown>;
};

export type IncidentRecord = {
  id: string;
  runbookId: string;
  scope: string;
  severity: Severity;
  title: string;
  status: "active" | "resolved";
  declaredBy: string;
  declaredAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  suggestion: Record<string, unknown>;
};

export type EngagementState = {
  atMinutes: number;
  who: string;
  /** A condition rung: its id (engaged by it, not by the minute) and the condition it waits for. */
  rung?: string;
  when?: string;
  dueAt: string;
  /** done: acknowledged on the timeline; overdue: due and not acknowledged. */
  status: "upcoming" | "due" | "overdue" | "done";
};

export type EscalationState = {
  /** The next automatic escalation of the runbook's scale (BuyWhere: P1 → P0 after 30 min), if any. */
  next: { to: Severity; at: string; secondsRemaining: number } | null;
  engagement: EngagementState[];
  /** The runbook's response and resolution targets for this severity, as clocks. */
  targets: { label: string; minutes: number; at: string; secondsRemaining: number }[];
  /** Set when another runbook's ladder is in force (launch day §5.2 inside the launch window), and why. */
  ladderSource?: string;
};

/** How the board names and defines each rank: the runbook's own scale. */
export type ScaleView = {
  basis: string;
  levels: Record<Severity, { label: string; definition: string; source: string }>;
};

export type ActiveIncidentView = IncidentRecord & {
  escalation: EscalationState;
  statusUpdate: { dueAt: string; secondsRemaining: number; isOverdue: boolean; lastPostedAt: string | null };
  /** The runbook's timed messages (public status post, DM to the CEO); absent on older stored boards. */
  prompts?: CommsPrompt[];
  timeline: IncidentEventRecord[];
};

export type IncidentsState = {
  loaded: boolean;
  error: string | null;
  scope: string;
  active: ActiveIncidentView | null;
  suggestion: SeveritySuggestion;
  recent: IncidentRecord[];
  /** Absent on boards stored before runbooks carried their own scale. */
  scale?: ScaleView;
  /** Checklists in force: the active incident's response lists, or the latest one's post-incident lists. */
  checklists?: ChecklistView[];
  /** Incident §2.6: the API restarted (or a deploy landed) near the onset — the deploy is the likely cause. */
  likelyCause?: string | null;
};
