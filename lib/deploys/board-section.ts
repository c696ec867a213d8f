import "server-only";
import { getWatchState, type WatchState } from "@/lib/deploys/watch-state";
import type { Hub } from "@/lib/hub/hub";
import type { DeployWatchBoard } from "@/lib/model/deploy-watch";
import type { RollbackRecommendation } from "@/lib/model/incident";
import type { LaunchFlowState } from "@/lib/model/launch";
import { judgeDeployWindow, leadingRecord, windowRecommendations } from "@/lib/rules/deploy-watch";
import type { Sample } from "@/lib/rules/sustained";

/** Gate samples closer together than this add nothing (the board is evaluated on every pushed reading). */
const GATE_SAMPLE_MS = 1000;
/** A window's samples are kept for its length plus this (the rules look back at most the go limit). */
const MAX_SAMPLES = 2000;

const push = (list: Sample[], s: Sample) => {
  list.push(s);
  if (list.length > MAX_SAMPLES) list.splice(0, list.length - MAX_SAMPLES);
};

/** Feeds the window from this evaluation: each go gate's status now and any new health reading. */
function observe(
  state: WatchState,
  hub: Hub,
  flow: LaunchFlowState,
  gates: string[],
  health: string,
  nowMs: number,
) {
  for (const id of gates) {
    const gate = flow.gates.find((g) => g.id === id);
    if (!gate) continue;
    const list = state.gateSamples.get(id) ?? [];
    state.gateSamples.set(id, list);
    const last = list.at(-1);
    if (last && nowMs - last.at < GATE_SAMPLE_MS) continue;
    push(list, { at: nowMs, level: gate.status === "red" ? "crit" : "ok", value: null });
  }
  const reading = hub.latest.get(health);
  const at = reading ? Date.parse(reading.collectedAt) : Number.NaN;
  if (reading && !(at <= (state.health.at(-1)?.at ?? Number.NEGATIVE_INFINITY))) {
    push(state.health, {
      at,
      level: reading.level,
      value: typeof reading.value === "number" ? reading.value : null,
    });
  }
}

/**
 * The board's deploy-watch section, built in the evaluate step: the latest deploy with its smoke results,
 * the post-deploy window's rules and the rollback they recommend. Undefined without `deployWatch`.
 */
export function buildDeployWatchSection(
  hub: Hub,
  flow: LaunchFlowState,
  now: Date,
): { board: DeployWatchBoard; recommended: RollbackRecommendation[] } | undefined {
  const runbook = hub.loaded?.runbook;
  const config = runbook?.deployWatch;
  const stack = runbook?.actions?.stack;
  if (!runbook || !config || !stack) return undefined;
  const state = getWatchState();
  const nowMs = now.getTime();
  const primary = stack.services.find((s) => s.role === "primary");
  const container = primary?.container ?? `${stack.project}-${primary?.service}-1`;
  const latest = leadingRecord(state.recent);
  const deployAtMs = latest?.kind === "deploy" ? Date.parse(latest.at) : null;
  const openUntil = deployAtMs === null ? null : deployAtMs + config.windowMinutes * 60_000;
  const open = openUntil !== null && nowMs < openUntil;
  if (open) observe(state, hub, flow, config.goGates, config.healthCheck, nowMs);
  const rules =
    deployAtMs === null
      ? []
      : judgeDeployWindow({
          deployAtMs,
          goFailMinutes: config.goFailMinutes,
          healthFailures: config.healthFailures,
          healthCheck: config.healthCheck,
          gates: config.goGates.map((id) => ({
            id,
            label: flow.gates.find((g) => g.id === id)?.label ?? id,
            samples: state.gateSamples.get(id) ?? [],
          })),
          health: state.health,
          healthFromMs: state.healthFrom,
          nowMs,
          source: config.source ?? "deploy",
        });
  return {
    board: {
      primary: container,
      current: state.current,
      error: state.error,
      latest,
      window: openUntil === null ? null : { openUntil: new Date(openUntil).toISOString(), open, rules },
      recent: state.recent,
      steps: config.steps.map((st) => ({
        id: st.id,
        label: st.label,
        source: st.source ?? null,
        checks: st.checks,
      })),
    },
    recommended: open ? windowRecommendations(rules) : [],
  };
}
