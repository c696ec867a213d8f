import type { Call, CheckpointState, DecisionRecord, GateState } from "@/lib/model/launch";
import { describeHeld, heldCheckpoints } from "@/lib/rules/launch-checkpoints";
import { blockingGates, describeBlocking } from "@/lib/rules/launch-gates";

export type DecisionVerdict =
  | { ok: false; reason: string; blocking: string[] }
  | { ok: true; call: Call; blocking: string[]; delay: boolean };

/**
 * The lead's call. GO is refused while a P0 gate is red and not waived, naming the gate. HOLD is always
 * accepted; with an unresolved P0 it delays the launch (T-0 moves, the poll reopens). GO is refused too
 * while a checkpoint before it (deploy §4's Go/Hold) stands at Hold.
 */
export function judgeDecision(input: {
  call: Call;
  gates: readonly GateState[];
  decision: DecisionRecord | null;
  checkpoints?: readonly CheckpointState[];
}): DecisionVerdict {
  if (input.decision) {
    return {
      ok: false,
      reason: `round ${input.decision.round} is already decided: ${input.decision.call.toUpperCase()} by ${input.decision.personId}`,
      blocking: [],
    };
  }
  const blocking = blockingGates(input.gates);
  const ids = blocking.map((g) => g.id);
  const held = heldCheckpoints(input.checkpoints ?? []);
  if (input.call === "go" && (blocking.length > 0 || held.length > 0)) {
    const why = [describeHeld(held), describeBlocking(blocking)].filter(Boolean).join(" · ");
    return { ok: false, reason: `GO refused: ${why}`, blocking: ids };
  }
  return { ok: true, call: input.call, blocking: ids, delay: input.call === "hold" && blocking.length > 0 };
}
