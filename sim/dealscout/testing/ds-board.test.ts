import { describe, expect, it } from "vitest";
import type { Runbook } from "@/lib/model/runbook-schema";
import { DsBoard } from "./ds-board";

// No checks: every cycle is empty, so only the waiting itself is under test.
const board = () => new DsBoard({ checks: [] } as unknown as Runbook, { timeoutMs: 1000, pauseMs: 10 });

describe("DsBoard.until", () => {
  it("serves a wait registered right as the previous one resolves (the loop is not left for gone)", async () => {
    const b = board();
    await b.until("first", () => true);
    // Registered in the continuation of the first: a loop that cleared its flag late would never see it.
    await expect(b.until("second", () => true, 2000)).resolves.toBeInstanceOf(Map);
  });

  it("serves waits side by side from the same cycles", async () => {
    const b = board();
    let calls = 0;
    const first = b.until("first", () => ++calls >= 3);
    const second = b.until("second", () => true);
    await Promise.all([first, second]);
    expect(calls).toBe(3);
  });

  it("fails a wait whose condition never holds, naming it", async () => {
    const b = board();
    await expect(b.until("never", () => false, 50)).rejects.toThrow(/never: not met within 50 ms/);
  });

  it("treats a condition that throws as not met", async () => {
    const b = board();
    let calls = 0;
    await b.until("throws first", () => {
      calls++;
      if (calls === 1) throw new Error("reading missing");
      return true;
    });
    expect(calls).toBe(2);
  });
});
