import type { DeployWatchBoard } from "@/lib/model/deploy-watch";
import type { DiskViewSlot } from "@/lib/model/disk-view";
import type { IncidentsState, TriggersState } from "@/lib/model/incident";
import type { LaunchFlowState } from "@/lib/model/launch";
import type { LaunchInfo } from "@/lib/model/launch-time";
import type { LiveView } from "@/lib/model/log-push";
import type { Condition, Evidence } from "@/lib/model/probe";
import type { RollbackBoard } from "@/lib/model/rollback";
import type { CheckKind, Level, Threshold } from "@/lib/model/runbook-schema";
import type { ScreenModeView } from "@/lib/model/screen-mode";
import type { RunbookNote } from "@/lib/model/severity-scale-schema";

/** JSON shapes served by /api/state and the live stream; shared by the server and the board. */

export type CheckState = {
  id: string;
  label: string;
  kind: CheckKind;
  owner: string | null;
  source: string | null;
  level: Level;
  value: number | string | null;
  unit: string | null;
  summary: string;
  conditions: Condition[];
  evidence: Evidence;
  /** When the reading was taken; null before the first cycle. */
  collectedAt: string | null;
  durationMs: number | null;
  thresholds: Threshold | null;
  /** What the thresholds judge: `value` itself, or another measurement (search latency). */
  gauge: { value: number; unit: string } | null;
  /** Set when the reading is too old to trust: the level is then `unknown`. */
  stale: { ageMs: number; reason: string } | null;
  /** Age past which the board must stop trusting this reading (viewers re-check it on their own clock). */
  staleAfterMs: number;
  /** The reading pushed from the followed logs (docs/log-push.md): it can raise `level`, never lower it. */
  live?: LiveView;
};

export type GaugeState = { check: string; label: string };

export type BoardState = {
  /** `notes`: where the runbooks disagree and warroom's side (absent on boards stored before notes). */
  runbook: { id: string; name: string; system: string; source: string; notes?: RunbookNote[] };
  launch: LaunchInfo & { override: string | null };
  intervalMs: number;
  serverNow: string;
  cycle: { number: number; startedAt: string; finishedAt: string; durationMs: number } | null;
  checks: CheckState[];
  gauges: GaugeState[];
  counts: Record<Level, number>;
  collector: { running: boolean; lastError: string | null };
  storage: { kind: string | null; ready: boolean; pending: number; lastError: string | null };
  /** Go/no-go poll, P0 gates, milestones, phase and the effective T-0 (lib/launch). */
  launchFlow: LaunchFlowState;
  /** Rules over time and the rollback recommendation (lib/incidents, docs/incidents.md). */
  triggers?: TriggersState;
  /** The active incident, its escalation clocks and the suggested severity. */
  incidents?: IncidentsState;
  /** The latest rollback / API restart run with its steps, live (lib/rollback, docs/rollback.md). */
  rollback?: RollbackBoard;
  /** The latest deploy seen on the engine, its smoke results and the post-deploy window (lib/deploys). */
  deployWatch?: DeployWatchBoard;
  /** What the screen is for now: launch, deploy window or incident response, and why (absent on old boards). */
  mode?: ScreenModeView;
  /** What uses the space of each disk check at warn or crit (lib/collector/disk-views.ts). */
  disk?: DiskViewSlot[];
};

/** One point of a check's history chart (stored readings, thinned). */
export type HistoryPoint = { t: string; value: number | null; level: Level; summary: string };
