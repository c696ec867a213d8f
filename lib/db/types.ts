import type { BoardState } from "@/lib/model/board";
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
  /** The board evaluated from this cycle; stored as the runbook's latest board in the same write. */
  board?: BoardState | null;
};

/** A runbook's latest evaluated board as stored: another replica can serve it. */
export type StoredBoard = {
  runbookId: string;
  cycle: number;
  snapshotId: string;
  evaluatedAt: Date;
  board: BoardState;
  /** The leadership term that stored it (0: written with its snapshot, no term). */
  epoch: number;
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
