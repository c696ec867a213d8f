import type { Call, DecisionRecord, GateState } from "@/lib/model/launch";
import { blockingGates } from "@/lib/rules/launch-gates";

export type DecisionVerdict =
  | { ok: false; reason: string; blocking: string[] }
  | { ok: true; call: Call; blocking: string[]; delay: boolean };

export function describeBlocking(gates: readonly GateState[]): string {
  return gates.map((g) => `P0 gate "${g.label}" (${g.id}) is red: ${g.reasons.join("; ")}`).join(" · ");
}

/**
 * The lead's call. GO is refused while a P0 gate is red and not waived, naming the gate. HOLD is always
 * accepted; with an unresolved P0 it delays the launch (T-0 moves, the poll reopens).
 */
export function judgeDecision(input: {
  call: Call;
  gates: readonly GateState[];
  decision: DecisionRecord | null;
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
  if (input.call === "go" && blocking.length > 0) {
    return { ok: false, reason: `GO refused: ${describeBlocking(blocking)}`, blocking: ids };
  }
  return { ok: true, call: input.call, blocking: ids, delay: input.call === "hold" && blocking.length > 0 };
}
