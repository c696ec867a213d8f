import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { toJsonValue } from "@/lib/db/json";
import type { DeployRecord } from "@/lib/model/deploy-watch";

const ref = (r: DeployRecord["to"] | null) => (r ? (r.tag ?? r.id.slice(7, 19)) : "unknown");

/** One line for the event log and the incident timeline: what changed, from → to, and the state file. */
export function describeDeploy(d: DeployRecord): string {
  const what = d.kind === "deploy" ? "deploy detected" : `warroom ${d.kind} recreated the primary`;
  return `${what}: ${d.container} ${ref(d.from)} → ${ref(d.to)}; ${d.stateNote}`;
}

/**
 * Stores a deploy (or warroom's own rollback/restart seen on the engine) with its event-log row, and puts
 * it on the active incident's timeline, in one transaction.
 */
export async function recordDeploy(
  db: PrismaClient,
  d: DeployRecord,
  incidentId: string | null,
): Promise<void> {
  const message = describeDeploy(d);
  const data = { deployId: d.id, kind: d.kind, from: d.from, to: d.to, runId: d.runId };
  await db.$transaction(async (tx) => {
    await tx.deploy.create({
      data: {
        id: d.id,
        runbookId: d.runbookId,
        kind: d.kind,
        at: new Date(d.at),
        container: d.container,
        fromImage: d.from?.id ?? null,
        fromTag: d.from?.tag ?? null,
        toImage: d.to.id,
        toTag: d.to.tag,
        runId: d.runId,
        stateNote: d.stateNote,
        smoke: d.smoke ? toJsonValue(d.smoke) : undefined,
      },
    });
    await tx.event.create({
      data: { kind: d.kind === "deploy" ? "deploy" : `deploy-${d.kind}`, message, data: toJsonValue(data) },
    });
    if (incidentId) {
      await tx.incidentEvent.create({
        data: { incidentId, kind: "deploy", actor: null, message, data: toJsonValue(data) },
      });
    }
  });
}
