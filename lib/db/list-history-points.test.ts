import { describe, expect, it } from "vitest";
import { HISTORY_MAX_ROWS, listHistoryPoints } from "@/lib/db/list-history-points";

describe("listHistoryPoints", () => {
  it("reads only the drawn columns of a bounded number of rows, oldest first", async () => {
    let args: Record<string, unknown> = {};
    const rows = [
      { collectedAt: new Date("2026-04-23T13:00:05Z"), value: 2, level: "warn", summary: "b" },
      { collectedAt: new Date("2026-04-23T13:00:00Z"), value: null, level: "bogus", summary: "a" },
    ];
    const db = {
      reading: {
        findMany: async (a: Record<string, unknown>) => {
          args = a;
          return rows;
        },
      },
    } as unknown as Parameters<typeof listHistoryPoints>[0];
    const points = await listHistoryPoints(db, "api-health", new Date(0));
    expect(args.take).toBe(HISTORY_MAX_ROWS);
    expect(args.select).toEqual({ collectedAt: true, value: true, level: true, summary: true });
    expect(points).toEqual([
      { t: "2026-04-23T13:00:00.000Z", value: null, level: "unknown", summary: "a" },
      { t: "2026-04-23T13:00:05.000Z", value: 2, level: "warn", summary: "b" },
    ]);
  });
});
