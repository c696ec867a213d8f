import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { AuditInput } from "@/lib/db/launch-types";

export type SessionRow = { personId: string; epoch: string; expiresAt: Date };

/** Stores a new session (only the token's hash) with its audit entry. */
export async function createSession(
  db: PrismaClient,
  s: {
    tokenHash: string;
    personId: string;
    epoch: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
  audit: AuditInput,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.authSession.create({ data: s });
    await appendAudit(tx, audit);
  });
}

/** The live session of a token hash, or null when unknown or expired. */
export async function findSession(
  db: PrismaClient,
  tokenHash: string,
  now: Date,
): Promise<SessionRow | null> {
  const row = await db.authSession.findUnique({ where: { tokenHash } });
  if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
  return { personId: row.personId, epoch: row.epoch, expiresAt: row.expiresAt };
}

/** Removes sessions that expired before `now`; returns how many. */
export async function deleteExpiredSessions(db: PrismaClient, now: Date): Promise<number> {
  const { count } = await db.authSession.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

export async function deleteSession(db: PrismaClient, tokenHash: string, audit: AuditInput): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.authSession.deleteMany({ where: { tokenHash } });
    await appendAudit(tx, audit);
  });
}
