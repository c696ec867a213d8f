import { redactSecrets } from "@/lib/model/redact";
import type { PlannedStep, RollbackBoard, RunView } from "@/lib/model/rollback";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

export type { RollbackBoard };

/** A finished run stays on the board this long (the post-mortem keeps it for good). */
export const SHOW_FINISHED_MS = 60 * 60_000;

export function getRollbackBoard(now = Date.now()): RollbackBoard | undefined {
  const board = peekProcessState<RollbackBoard>("rollback.board");
  if (!board) return undefined;
  const run = board.run;
  if (run?.finishedAt && now - Date.parse(run.finishedAt) > SHOW_FINISHED_MS) return { ...board, run: null };
  return board;
}

/** The board is public: what every viewer gets of a run has its secrets scrubbed (the audit log keeps the rest). */
export function setRollbackBoard(board: RollbackBoard): void {
  setProcessState("rollback.board", {
    run: board.run ? redactRun(board.run) : null,
    error: board.error === null ? null : redactSecrets(board.error),
  });
}

const redactStep = (s: PlannedStep): PlannedStep => ({
  ...s,
  command: redactSecrets(s.command),
  ...(s.warning ? { warning: redactSecrets(s.warning) } : {}),
});

/**
 * A run as the public board shows it: commands (a verification request may carry an API key header),
 * step output (container logs, engine errors), the reason and the outcome pass the same scrubber as
 * every reading.
 */
export function redactRun(run: RunView): RunView {
  return {
    ...run,
    reason: redactSecrets(run.reason),
    outcome: run.outcome === null ? null : redactSecrets(run.outcome),
    plan: { ...run.plan, steps: run.plan.steps.map(redactStep) },
    steps: run.steps.map((s) => ({
      ...s,
      command: redactSecrets(s.command),
      output: redactSecrets(s.output),
    })),
  };
}
