import type { Prisma, PrismaClient } from "@/lib/db/generated/prisma/client";
import type { JsonObject } from "@/lib/db/types";

/** The root client or an interactive transaction's client (inside one, only ever use `tx`). */
export type DbClient = PrismaClient | Prisma.TransactionClient;

export const AUDIT_OUTCOMES = ["ok", "refused"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type AuditInput = {
  runbookId: string | null;
  actor: string | null;
  role: string | null;
  /** "session" | "token" | null (anonymous). */
  via: string | null;
  action: string;
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  message: string;
  data?: JsonObject;
};

export type AuditRecord = Omit<AuditInput, "data" | "outcome"> & {
  id: number;
  at: string;
  outcome: string;
  data: JsonObject;
};

/** A conditional write that found the launch moved on (stale page, double submit, closed poll). */
export type Conflict = { ok: false; revision: number; round: number; roundCall: string | null };
