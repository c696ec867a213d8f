import "server-only";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { statusCadenceMinutes } from "@/lib/comms/list-templates";
import { lastStatusPost } from "@/lib/comms/status-post-log";
import { refreshLaunchRecord } from "@/lib/db/launch-cache";
import { readLaunchRecord } from "@/lib/db/read-launch-record";
import { readActiveIncidents } from "@/lib/incidents/incident-source";
import { evaluateLaunchFlow } from "@/lib/launch/evaluate-launch-flow";
import type { LaunchFlowState, LaunchRecord } from "@/lib/model/launch";

export async function evaluateWith(ctx: LaunchContext, record: LaunchRecord): Promise<LaunchFlowState> {
  return evaluateLaunchFlow({
    flow: ctx.runbook.launchFlow,
    people: ctx.runbook.people,
    runbookT0Ms: ctx.runbookT0Ms,
    record,
    checks: ctx.checks(),
    incidents: readActiveIncidents(),
    nowMs: ctx.now().getTime(),
    lastStatusPostAt: lastStatusPost(ctx.runbook.id, async () => ctx.db),
    statusCadenceMinutes: (severity) => statusCadenceMinutes(ctx.runbook, severity),
  });
}

/** The launch as stored now (read fresh from the database), judged against the live checks. */
export async function getLaunchState(ctx: LaunchContext): Promise<LaunchFlowState> {
  return evaluateWith(ctx, await readLaunchRecord(ctx.db, ctx.runbook.id));
}

/** After a committed change: refresh the board's cache, push it to viewers, answer with the new state. */
export async function afterChange(ctx: LaunchContext): Promise<LaunchFlowState> {
  await refreshLaunchRecord(ctx.runbook.id);
  ctx.publish();
  return getLaunchState(ctx);
}
