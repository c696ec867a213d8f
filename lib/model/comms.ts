import type { Severity } from "@/lib/model/comms-schema";
import type { Level } from "@/lib/model/runbook-schema";

/** What a template may say about one check: its current level and value, as the board shows it. */
export type CommsCheck = {
  id: string;
  label: string;
  level: Level;
  value: number | string | null;
  unit: string | null;
  summary: string;
  /** The board stopped trusting this reading (its level is then `unknown`). */
  stale: boolean;
  /** Null before the first reading. */
  collectedAt: string | null;
};

export type CommsIncident = {
  severity: Severity;
  title: string | null;
  /** Free text entered by the incident lead; the board's failing checks are used when absent. */
  impact: string | null;
  /** INVESTIGATING / IDENTIFIED / MONITORING / RESOLVED, as the lead set it. */
  phase: string | null;
  /** Null when the incident source did not say (times built on it are then unknown). */
  declaredAt: string | null;
  resolvedAt: string | null;
};

export type CommsRollback = {
  reason: string;
  by: string | null;
  startedAt: string | null;
  /** The run's outcome once it ended; null while it runs. */
  outcome: string | null;
};

/** Everything a template can be filled from; built by buildCommsContext, pure data. */
export type CommsContext = {
  now: string;
  timeZone: string;
  /** Effective T-0 (after any delay). */
  launchAt: string;
  checks: Record<string, CommsCheck>;
  /** Board order, for "all checks". */
  checkOrder: string[];
  incident: CommsIncident | null;
  rollback: CommsRollback | null;
  /** When the next status update is due if this message is posted now. */
  nextUpdateAt: string;
  /** Values typed by a person for `manual` placeholders, by key. */
  manual: Record<string, string>;
};

export type RenderedField = {
  key: string;
  label: string;
  from: string;
  /** Null when missing: not known live, or not yet filled in by a person. */
  value: string | null;
  /** Why it is missing. */
  reason: string | null;
  isManual: boolean;
};

export type RenderResult = {
  text: string;
  /** Keys of the placeholders left unfilled (unknown live values and blanks for a person). */
  missing: string[];
  fields: RenderedField[];
};
