import { appendAudit } from "@/lib/db/append-audit";
import type { Db } from "@/lib/db/client";
import type { AuditInput } from "@/lib/db/launch-types";
import { readRun, requestRemoteAbort, runBelongsTo } from "@/lib/db/rollback-runs";
import { Refusal } from "@/lib/model/refusal";
import { requestAbort } from "@/lib/rollback/abort-registry";

export type AbortInput = { runId: string; by: string; reason: string | null };

/**
 * The lead's abort: the run stops after the step in progress (a health wait ends at once) and its outcome
 * says what was left as it was. A run executing on another dashboard gets the request through the
 * database and reads it with its next heartbeat (every 2 s). The request is audited.
 */
export async function abortRun(
  env: {
    db: Db;
    runbookId: string;
    audit: (action: string, message: string, data: Record<string, unknown>) => AuditInput;
  },
  input: AbortInput,
): Promise<{ runId: string; status: "aborting" }> {
  const run = await readRun(env.db, input.runId);
  if (!run || !(await runBelongsTo(env.db, input.runId, env.runbookId))) {
    throw new Refusal(404, `runId: no run ${input.runId}`);
  }
  if (run.status !== "running") throw new Refusal(409, `run ${run.id} is not running (${run.status})`);
  const asked = requestAbort(run.id, { by: input.by, reason: input.reason ?? "" });
  if (asked === "already") throw new Refusal(409, `run ${run.id} is already stopping after its current step`);
  const elsewhere = asked === "not-here";
  if (elsewhere && !(await requestRemoteAbort(env.db, run.id, { by: input.by, reason: input.reason ?? "" })))
    throw new Refusal(409, `run ${run.id} is already stopping after its current step (or has ended)`);
  const step = run.steps.find((s) => s.status === "running");
  await appendAudit(
    env.db,
    env.audit(
      "rollback.abort",
      `${run.kind} ${run.id} abort requested by ${input.by}` +
        (step ? ` during step ${step.index + 1} (${step.name})` : "") +
        (elsewhere
          ? ` (it executes on ${run.ownerInstance ?? "another dashboard"}: passed on with its next heartbeat)`
          : "") +
        (input.reason ? `: ${input.reason}` : ""),
      { runId: run.id, step: step ? step.index + 1 : null, reason: input.reason, relayed: elsewhere },
    ),
  );
  return { runId: run.id, status: "aborting" };
}
