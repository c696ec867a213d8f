import { describe, expect, it } from "vitest";
import type { Level } from "@/lib/model/runbook-schema";
import { describeChanges } from "./level-announcer";

const check = (id: string, level: Level, summary = `${id} says so`) => ({
  id,
  label: id.toUpperCase(),
  level,
  summary,
});
const before = new Map<string, Level>([
  ["api", "ok"],
  ["db", "ok"],
  ["disk", "warn"],
]);

describe("describeChanges", () => {
  it.each([
    ["nothing changed", [check("api", "ok"), check("db", "ok"), check("disk", "warn")], "", ""],
    [
      "a check turns critical: assertive",
      [check("api", "crit", "connection refused")],
      "",
      "API is now CRIT: connection refused",
    ],
    ["a check turns warn: polite", [check("db", "warn", "slow")], "DB is now WARN: slow", ""],
    [
      "back to ok and unknown: polite",
      [check("disk", "ok", "fine"), check("db", "unknown", "stale 40 s")],
      "DISK is now OK: fine. DB is now UNKNOWN: stale 40 s",
      "",
    ],
    ["a check the last board did not have says nothing", [check("new", "crit")], "", ""],
  ])("%s", (_name, checks, polite, assertive) => {
    expect(describeChanges(before, checks)).toEqual({ polite, assertive });
  });
});
