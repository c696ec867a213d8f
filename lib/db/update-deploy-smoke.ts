import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { toJsonValue } from "@/lib/db/json";
import type { SmokeRun } from "@/lib/model/deploy-watch";

/** Stores the smoke suite's results of a deploy (the post-mortem lists them). */
export async function updateDeploySmoke(db: PrismaClient, deployId: string, smoke: SmokeRun): Promise<void> {
  await db.deploy.update({ where: { id: deployId }, data: { smoke: toJsonValue(smoke) } });
}
