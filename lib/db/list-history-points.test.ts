import { describe, expect, it } from "vitest";
import { HISTORY_MAX_ROWS, listHistoryPoints } from "@/lib/db/list-history-points";

describe("listHistoryPoints", () => {
  it("reads only the drawn columns of a bounded number of rows, oldest first", async () => {
    const queries: { sql: string; values: unknown[] }[] = [];
    // Newest first, as the scan returns them; the second reading's level letter is not a known one.
    const rows = [
      {
        snapshotId: "s2",
        startedAt: new Date("2026-04-23T13:00:05Z"),
        offsetMs: 0,
        number: 2,
        durationMs: 1,
        level: "w",
        digits: "",
        text: null,
      },
      {
        snapshotId: "s1",
        startedAt: new Date("2026-04-23T13:00:00Z"),
        offsetMs: 0,
        number: Number.NaN,
        durationMs: 1,
        level: "?",
        digits: "",
        text: null,
      },
    ];
    const details = [
      {
        at: new Date("2026-04-23T12:59:00Z"),
        level: "unknown",
        unit: null,
        summary: "a",
        conditions: null,
        evidence: null,
      },
      {
        at: new Date("2026-04-23T13:00:05Z"),
        level: "warn",
        unit: null,
        summary: "b",
        conditions: null,
        evidence: null,
      },
    ];
    const db = {
      $queryRaw: async (strings: TemplateStringsArray, ...values: unknown[]) => {
        const sql = strings.join("?");
        queries.push({ sql, values });
        if (sql.includes('FROM "CheckKey"')) return [{ id: 1 }];
        if (sql.includes('FROM "ReadingDetail"')) return details;
        return rows;
      },
    } as unknown as Parameters<typeof listHistoryPoints>[0];
    const points = await listHistoryPoints(db, "api-health", new Date(0));
    const scan = queries.find((q) => q.sql.includes('FROM "Snapshot"'));
    expect(scan?.values.at(-1)).toBe(HISTORY_MAX_ROWS);
    // Evidence and conditions are asked for only when `full` (false here) is true.
    const detail = queries.find((q) => q.sql.includes('FROM "ReadingDetail"'));
    expect(detail?.values).toContain(false);
    expect(points).toEqual([
      { t: "2026-04-23T13:00:00.000Z", value: null, level: "unknown", summary: "a" },
      { t: "2026-04-23T13:00:05.000Z", value: 2, level: "warn", summary: "b" },
    ]);
  });
});
