import "server-only";
import type { Prisma } from "@/lib/db/generated/prisma/client";

/** Plain JSON for a Json column: drops `undefined` members, which the query engine rejects. */
export function toJsonValue(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null) ?? "null") as Prisma.InputJsonValue;
}
