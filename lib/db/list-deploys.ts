import "server-only";
import { deployView } from "@/lib/db/deploy-rows";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { DeployRecord } from "@/lib/model/deploy-watch";

/** The runbook's deploys (and warroom's own rollbacks/restarts seen on the engine), newest first. */
export async function listDeploys(
  db: PrismaClient,
  runbookId: string,
  options: { limit?: number; from?: Date; to?: Date } = {},
): Promise<DeployRecord[]> {
  const rows = await db.deploy.findMany({
    where: {
      runbookId,
      ...(options.from || options.to ? { at: { gte: options.from, lte: options.to } } : {}),
    },
    orderBy: { at: "desc" },
    take: options.limit ?? 10,
  });
  return rows.map(deployView);
}
