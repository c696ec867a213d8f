import { describe, expect, it } from "vitest";
import { boardStoreGate } from "@/lib/collector/board-store-gate";
import type { BoardState } from "@/lib/model/board";

/** The parts of a board the gate reads; the rest is stored as JSON and not looked at. */
function board(levels: string[], extra: Partial<BoardState> = {}): BoardState {
  return {
    checks: levels.map((level, i) => ({ id: `check-${i}`, level, summary: `${level} ${Math.random()}` })),
    launchFlow: { phase: "pre-launch", revision: 1 },
    ...extra,
  } as unknown as BoardState;
}

describe("boardStoreGate", () => {
  it("stores the first board, then only on a change or after the interval", () => {
    const take = boardStoreGate(10_000);
    const quiet = board(["ok", "ok"]);
    expect(take(quiet, 0)).toBe(quiet);
    // Summaries change every cycle (latencies); levels do not: nothing to store.
    expect(take(board(["ok", "ok"]), 1_000)).toBeNull();
    expect(take(board(["ok", "ok"]), 9_999)).toBeNull();
    const late = board(["ok", "ok"]);
    expect(take(late, 10_000)).toBe(late);
    const crit = board(["ok", "crit"]);
    expect(take(crit, 11_000)).toBe(crit);
    expect(take(board(["ok", "crit"]), 12_000)).toBeNull();
  });

  it("stores at once when the launch flow, the incident, the rollback or the screen's mode moves", () => {
    const take = boardStoreGate(10_000);
    take(board(["ok"]), 0);
    const voted = board(["ok"], {
      launchFlow: { phase: "pre-launch", revision: 2 },
    } as unknown as Partial<BoardState>);
    expect(take(voted, 1_000)).toBe(voted);
    const incident = board(["ok"], {
      launchFlow: { phase: "pre-launch", revision: 2 },
      incidents: { active: { id: "i1", severity: "P1" } },
    } as unknown as Partial<BoardState>);
    expect(take(incident, 2_000)).toBe(incident);
    const deploy = board(["ok"], {
      launchFlow: { phase: "pre-launch", revision: 2 },
      incidents: { active: { id: "i1", severity: "P1" } },
      mode: { mode: "deploy" },
    } as unknown as Partial<BoardState>);
    expect(take(deploy, 3_000)).toBe(deploy);
  });

  it("passes no board through when there is none", () => {
    expect(boardStoreGate()(null, 0)).toBeNull();
  });
});
