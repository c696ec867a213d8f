import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";

export async function countSnapshots(db: PrismaClient): Promise<number> {
  return db.snapshot.count();
}
