import type {
  Call,
  CheckpointCallRecord,
  CheckpointState,
  DecisionRecord,
  GateState,
} from "@/lib/model/launch";
import type { Checkpoint } from "@/lib/model/launch-flow-schema";
import { blockingGates, describeBlocking } from "@/lib/rules/launch-gates";

/** Each checkpoint with its latest call and the gates of its own that are red now. */
export function evaluateCheckpoints(
  checkpoints: readonly Checkpoint[],
  calls: readonly CheckpointCallRecord[],
  gates: readonly GateState[],
  t0Ms: number,
): CheckpointState[] {
  return checkpoints.map((c) => {
    const call =
      [...calls]
        .filter((x) => x.checkpointId === c.id)
        .sort((a, b) => a.id - b.id)
        .at(-1) ?? null;
    return {
      id: c.id,
      label: c.label,
      owner: c.owner,
      source: c.source ?? null,
      dueAt: new Date(t0Ms + c.offsetMinutes * 60_000).toISOString(),
      status: call ? call.call : "not-called",
      call,
      blocking: blockingGates(gates.filter((g) => c.gates.includes(g.id))).map((g) => g.id),
    };
  });
}

export type CheckpointVerdict =
  | { ok: false; reason: string; blocking: string[] }
  | { ok: true; blocking: string[] };

/**
 * A checkpoint's call by its owner. Go is refused while any of its gates is red and not waived, naming
 * them; Hold is always accepted. Once the launch is called GO the checkpoint is history: it cannot change.
 */
export function judgeCheckpointCall(input: {
  checkpoint: CheckpointState;
  call: Call;
  gates: readonly GateState[];
  decision: DecisionRecord | null;
}): CheckpointVerdict {
  const { checkpoint } = input;
  if (input.decision?.call === "go") {
    return {
      ok: false,
      reason: `${checkpoint.label}: the launch is already called GO (round ${input.decision.round}); the checkpoint cannot change`,
      blocking: [],
    };
  }
  const blocking = blockingGates(input.gates.filter((g) => checkpoint.blocking.includes(g.id)));
  const ids = blocking.map((g) => g.id);
  if (input.call === "go" && blocking.length > 0) {
    return {
      ok: false,
      reason: `${checkpoint.label} GO refused: ${describeBlocking(blocking)}`,
      blocking: ids,
    };
  }
  return { ok: true, blocking: ids };
}

/** Checkpoints whose latest call is Hold: the launch's GO waits for them. */
export function heldCheckpoints(checkpoints: readonly CheckpointState[]): CheckpointState[] {
  return checkpoints.filter((c) => c.status === "hold");
}

export function describeHeld(held: readonly CheckpointState[]): string {
  return held
    .map(
      (c) =>
        `${c.label} (${c.id}) is HOLD by ${c.call?.personId ?? c.owner}${c.call?.reason ? `: ${c.call.reason}` : ""}`,
    )
    .join(" · ");
}
