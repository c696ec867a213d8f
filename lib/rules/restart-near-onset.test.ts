import { describe, expect, it } from "vitest";
import { restartNearOnset } from "@/lib/rules/restart-near-onset";

const ONSET = Date.parse("2026-04-23T13:48:00Z");
const min = (m: number) => ONSET + m * 60_000;
const base = {
  onsetMs: ONSET,
  container: "buywhere-api-api-1",
  image: "buywhere-api:latest",
  deploy: null,
  source: "incident §2.6",
};

describe("restartNearOnset (incident §2.6)", () => {
  it.each([
    {
      case: "restarted 7 min before the onset",
      startedAtMs: min(-7),
      says: /^buywhere-api-api-1 restarted at 13:41 UTC on buywhere-api:latest, 7 min before the incident's onset \(13:48 UTC\)/,
    },
    {
      case: "restarted 1 min after (first errors before the declaration)",
      startedAtMs: min(1),
      says: /1 min after/,
    },
    { case: "restarted 3 h before", startedAtMs: min(-180), says: null },
    { case: "restarted 10 min after: a symptom, not the cause", startedAtMs: min(10), says: null },
    { case: "start unknown", startedAtMs: null, says: null },
  ])("$case", ({ startedAtMs, says }) => {
    const text = restartNearOnset({ ...base, startedAtMs });
    if (says === null) expect(text).toBeNull();
    else expect(text).toMatch(says);
  });

  it("names the deploy the watch recorded when it is near the onset", () => {
    const text = restartNearOnset({
      ...base,
      startedAtMs: min(-12),
      deploy: { atMs: min(-12), tag: "sha-2222222" },
    });
    expect(text).toBe(
      "a deploy of sha-2222222 at 13:36 UTC, 12 min before the incident's onset (13:48 UTC): the latest deploy is the likely cause — roll back (incident §2.6)",
    );
  });

  it("an old deploy and an old start say nothing", () => {
    expect(
      restartNearOnset({ ...base, startedAtMs: min(-90), deploy: { atMs: min(-90), tag: "sha-1" } }),
    ).toBeNull();
  });
});
