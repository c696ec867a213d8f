import { describe, expect, it } from "vitest";
import { describeStaleness, formatAge, staleAfterMs } from "@/lib/rules/staleness";

describe("staleness", () => {
  const t = Date.parse("2026-04-23T13:00:00Z");
  it.each([
    [null, 0, null],
    ["2026-04-23T13:00:00Z", 5000, null],
    ["2026-04-23T12:59:47Z", 13_000, null],
    ["2026-04-23T12:59:46Z", 14_000, "stale: last reading 14 s ago (collector silent)"],
    ["2026-04-23T12:58:00Z", 120_000, "stale: last reading 2 min 0 s ago (collector silent)"],
  ])("reading at %s is judged at +%i ms", (at, _age, reason) => {
    const r = describeStaleness(at, t, staleAfterMs(5000, 3000), "collector silent");
    expect(r?.reason ?? null).toBe(reason);
  });
  it.each([
    [0, "0 s"],
    [59_400, "59 s"],
    [61_000, "1 min 1 s"],
    [3_723_000, "1 h 2 min"],
  ])("formats %i ms as %s", (ms, text) => expect(formatAge(ms)).toBe(text));
});
