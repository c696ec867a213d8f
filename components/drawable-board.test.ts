import { describe, expect, it } from "vitest";
import type { BoardState } from "@/lib/model/board";
import { assertDrawable } from "./drawable-board";

const board = (checks: unknown, extra: object = {}) =>
  ({ checks, launch: {}, launchFlow: {}, ...extra }) as unknown as BoardState;

describe("assertDrawable", () => {
  it("passes a board whose checks all have a known level", () => {
    const b = board([
      { id: "api", level: "ok" },
      { id: "db", level: "unknown" },
    ]);
    expect(assertDrawable(b)).toBe(b);
  });
  it.each([
    ["a level with no meaning", board([{ id: "api", level: "purple" }]), 'check "api" has level "purple"'],
    ["no checks", board(undefined), "the board has no list of checks"],
    ["no launch section", board([], { launchFlow: undefined }), "the board has no launch section"],
  ])("refuses %s, naming what was wrong", (_name, b, message) => {
    expect(() => assertDrawable(b)).toThrow(message);
  });
});
