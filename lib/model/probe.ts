import type { Check, CheckKind, CheckOf, Level } from "@/lib/model/runbook-schema";

/** One evaluated condition, gatus-style, so the board can always say why a light is red. */
export type Condition = {
  condition: string;
  actual: string;
  ok: boolean;
  /** Level this condition forces when it fails. */
  level: Level;
};

/** Raw evidence kept with a reading. Bodies are excerpts, never whole responses. */
export type Evidence = {
  url?: string;
  status?: number;
  contentType?: string;
  bodyExcerpt?: string;
  location?: string;
  error?: string;
  latencyMs?: number;
  [key: string]: string | number | boolean | null | undefined;
};

/** What a probe returns. The runner adds timing and turns timeouts and exceptions into `unknown`. */
export type ProbeResult = {
  level: Level;
  value: number | string | null;
  unit: string | null;
  /** One line: why this level. Shown on the tile. */
  summary: string;
  conditions: Condition[];
  evidence: Evidence;
  /** The number the thresholds judge when it is not `value` (a search shows its total, is judged on latency). */
  gauge?: { value: number; unit: string };
};

export type Reading = ProbeResult & {
  checkId: string;
  collectedAt: string;
  durationMs: number;
};

export type ProbeContext = {
  /** Aborted when the probe's timeout elapses; every I/O must honour it. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Per-check memory that survives between cycles (e.g. previous counter samples). */
  state: Map<string, unknown>;
  now: () => number;
};

export type Probe<K extends CheckKind> = (check: CheckOf<K>, ctx: ProbeContext) => Promise<ProbeResult>;

/** Exhaustive by construction: adding a check kind without a probe fails to compile. */
export type ProbeRegistry = { [K in CheckKind]: Probe<K> };

export type AnyCheck = Check;
