import "server-only";
import { toJsonValue } from "@/lib/db/json";
import type { DbClient } from "@/lib/db/launch-types";
import { toStoredEvent } from "@/lib/db/list-events";
import type { EventInput, StoredEvent } from "@/lib/db/types";

/** Appends to the event log. Rows are never changed afterwards (the database refuses it). */
export async function appendEvent(db: DbClient, input: EventInput): Promise<StoredEvent> {
  if (!input.kind.trim()) throw new Error("appendEvent: kind must not be empty");
  const row = await db.event.create({
    data: {
      kind: input.kind,
      checkId: input.checkId ?? null,
      fromLevel: input.fromLevel ?? null,
      toLevel: input.toLevel ?? null,
      message: input.message,
      data: toJsonValue(input.data ?? {}),
    },
  });
  return toStoredEvent(row);
}
