import type { Reading } from "@/lib/model/probe";
import type { Level } from "@/lib/model/runbook-schema";

/** One collector cycle as the store receives it. `id` is a UUID made by the caller. */
export type SnapshotRecord = {
  id: string;
  runbookId: string;
  cycle: number;
  startedAt: Date;
  finishedAt: Date;
  readings: Reading[];
};

export type StoredReading = Reading & { snapshotId: string };

export type JsonObject = { [key: string]: unknown };

export type EventInput = {
  kind: string;
  checkId?: string | null;
  fromLevel?: Level | null;
  toLevel?: Level | null;
  message: string;
  data?: JsonObject;
};

export type StoredEvent = {
  id: number;
  at: Date;
  kind: string;
  checkId: string | null;
  fromLevel: string | null;
  toLevel: string | null;
  message: string;
  data: JsonObject;
};
