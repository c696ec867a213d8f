import type { ActiveIncident, CheckpointState, DecisionRecord, DelayRecord, Phase } from "@/lib/model/launch";

export type PhaseVerdict = { phase: Phase; detail: string };

/** Where the launch stands, from the current round's call, the clock and any active incident. */
export function launchPhase(input: {
  nowMs: number;
  t0Ms: number;
  pollOpensMs: number;
  decision: DecisionRecord | null;
  delays: readonly DelayRecord[];
  incidents: readonly ActiveIncident[] | null;
  /** Checkpoints before the launch's call (deploy §4's Go/Hold): one at Hold holds the launch. */
  checkpoints?: readonly CheckpointState[];
  /** Display name of a person id (the shared screen says "Rex", not "rex"). */
  nameOf?: (personId: string) => string;
}): PhaseVerdict {
  const { nowMs, t0Ms, decision } = input;
  const nameOf = input.nameOf ?? ((id: string) => id);
  const worst = [...(input.incidents ?? [])].sort((a, b) => a.severity.localeCompare(b.severity))[0];
  if (worst) return { phase: "INCIDENT", detail: `${worst.severity}: ${worst.title}` };
  if (decision?.call === "go") {
    return nowMs >= t0Ms
      ? { phase: "LAUNCHED", detail: `GO called by ${nameOf(decision.personId)}` }
      : { phase: "GO", detail: `GO called by ${nameOf(decision.personId)}; launching at T-0` };
  }
  if (decision?.call === "hold") {
    return {
      phase: "HOLDING",
      detail: `HOLD called by ${nameOf(decision.personId)}${decision.reason ? `: ${decision.reason}` : ""}`,
    };
  }
  const held = input.checkpoints?.find((c) => c.status === "hold");
  if (held?.call) {
    const why = held.call.reason ? `: ${held.call.reason}` : "";
    return { phase: "HOLDING", detail: `${held.label}: HOLD by ${nameOf(held.call.personId)}${why}` };
  }
  if (nowMs >= t0Ms) return { phase: "HOLDING", detail: "T-0 passed without a GO call" };
  if (nowMs >= input.pollOpensMs) return { phase: "POLL OPEN", detail: "owners vote Go or Hold; Rex calls" };
  const last = input.delays.at(-1);
  if (last) {
    return {
      phase: "HOLDING",
      detail: `delayed ${last.minutes} min by ${nameOf(last.personId)}: ${last.reason}`,
    };
  }
  return { phase: "PRE-LAUNCH", detail: "pre-launch checklist" };
}
