import "server-only";
import type { Deploy } from "@/lib/db/generated/prisma/client";
import { DEPLOY_KINDS, type DeployKind, type DeployRecord, type SmokeRun } from "@/lib/model/deploy-watch";

const isKind = (k: string): k is DeployKind => (DEPLOY_KINDS as readonly string[]).includes(k);

/** A stored Deploy row as the watch and the board see it. */
export function deployView(row: Deploy): DeployRecord {
  return {
    id: row.id,
    runbookId: row.runbookId,
    kind: isKind(row.kind) ? row.kind : "deploy",
    at: row.at.toISOString(),
    container: row.container,
    from: row.fromImage ? { id: row.fromImage, tag: row.fromTag } : null,
    to: { id: row.toImage, tag: row.toTag },
    runId: row.runId,
    stateNote: row.stateNote,
    smoke: (row.smoke as SmokeRun | null) ?? null,
  };
}
