import { afterEach, describe, expect, it, vi } from "vitest";
import {
  listProcessState,
  PROCESS_STATE_NAMES,
  peekProcessState,
  processState,
  resetProcessState,
  setProcessState,
} from "@/lib/runtime/process-state";

afterEach(() => resetProcessState("rollback.board", "comms.manual-marks"));

describe("process state", () => {
  it("creates a value once and hands the same one back", () => {
    const init = vi.fn(() => new Map<string, number>());
    const first = processState("comms.manual-marks", init);
    expect(processState("comms.manual-marks", init)).toBe(first);
    expect(init).toHaveBeenCalledTimes(1);
  });

  it("is shared by another copy of the module (a separate bundle)", async () => {
    const held = processState("comms.manual-marks", () => new Map<string, number>());
    vi.resetModules();
    const copy = await import("@/lib/runtime/process-state");
    expect(copy.peekProcessState("comms.manual-marks")).toBe(held);
  });

  it("lists what holds a value, in declaration order", () => {
    setProcessState("rollback.board", { run: null });
    processState("comms.manual-marks", () => new Map());
    const listed = listProcessState();
    expect(listed).toContain("rollback.board");
    expect(listed).toContain("comms.manual-marks");
    expect(listed).toEqual(PROCESS_STATE_NAMES.filter((n) => listed.includes(n)));
  });

  it("forgets a value set to undefined or reset", () => {
    setProcessState("rollback.board", { run: null });
    setProcessState("rollback.board", undefined);
    expect(peekProcessState("rollback.board")).toBeUndefined();
    processState("comms.manual-marks", () => new Map());
    resetProcessState("comms.manual-marks");
    expect(listProcessState()).not.toContain("comms.manual-marks");
  });

  it("names each value once", () => {
    expect(new Set(PROCESS_STATE_NAMES).size).toBe(PROCESS_STATE_NAMES.length);
  });
});
