import { describe, expect, it } from "vitest";
import { decodeSummary, encodeDigits, levelLetter, levelOfLetter, sameShape } from "@/lib/db/reading-codec";

describe("reading codec", () => {
  it("round-trips summaries that differ only in their numbers", () => {
    const base = "PONG from 127.0.0.1:6379 in 3 ms";
    for (const s of [base, "PONG from 127.0.0.1:6379 in 12 ms", "PONG from 10.0.0.1:6379 in 3 ms"]) {
      expect(sameShape(s, base)).toBe(true);
      expect(decodeSummary(base, encodeDigits(s, base))).toBe(s);
    }
    expect(encodeDigits(base, base)).toBe("");
    expect(encodeDigits("PONG from 127.0.0.1:6379 in 12 ms", base)).toBe(",,,,,12");
    expect(encodeDigits("PONG from 10.0.0.1:6379 in 3 ms", base)).toBe("10");
  });

  it("tells a changed shape, the number of runs included", () => {
    expect(sameShape("a1b", "ab")).toBe(false);
    expect(sameShape("a#b", "a1b")).toBe(false);
    expect(sameShape("1 item queued", "2 items queued")).toBe(false);
    expect(sameShape("load 0.52 over 1 min", "load 1.5 over 1 min")).toBe(true);
    expect(
      decodeSummary("load 1.5 over 1 min", encodeDigits("load 0.52 over 1 min", "load 1.5 over 1 min")),
    ).toBe("load 0.52 over 1 min");
    expect(decodeSummary("no digits here", "")).toBe("no digits here");
  });

  it("keeps a level in one letter, anything else unknown", () => {
    expect(["ok", "warn", "crit", "unknown", "bogus"].map(levelLetter).join("")).toBe("owcuu");
    expect(["o", "w", "c", "u", "x", undefined].map(levelOfLetter)).toEqual([
      "ok",
      "warn",
      "crit",
      "unknown",
      "unknown",
      "unknown",
    ]);
  });
});
