import { describe, expect, it } from "vitest";
import { leadingIncident, statusUpdateClock } from "@/lib/comms/status-update-clock";
import type { ActiveIncident } from "@/lib/model/launch";

const at = (hhmm: string) => `2026-04-23T${hhmm}:00.000Z`;
const every = (s: string) => (s === "P2" ? 30 : 15);

describe("status-update clock (incident §5.1)", () => {
  it.each([
    { name: "no incident source: nothing to count", incidents: null, last: null, due: undefined },
    { name: "no active incident", incidents: [], last: null, due: undefined },
    {
      name: "15 min after the declaration",
      incidents: [{ severity: "P1", title: "slow", declaredAt: at("13:20") }],
      last: null,
      due: at("13:35"),
    },
    {
      name: "15 min after the last post",
      incidents: [{ severity: "P1", title: "slow", declaredAt: at("13:20") }],
      last: at("13:31"),
      due: at("13:46"),
    },
    {
      name: "a post before the declaration belongs to an earlier incident",
      incidents: [{ severity: "P1", title: "slow", declaredAt: at("13:20") }],
      last: at("12:00"),
      due: at("13:35"),
    },
    {
      name: "the later of the comms log and the incident timeline",
      incidents: [{ severity: "P1", title: "slow", declaredAt: at("13:20"), lastStatusPostAt: at("13:40") }],
      last: at("13:31"),
      due: at("13:55"),
    },
    {
      name: "P2 on the runbook's 30-minute cadence",
      incidents: [{ severity: "P2", title: "warn", declaredAt: at("13:20") }],
      last: null,
      due: at("13:50"),
    },
    {
      name: "the most severe incident leads",
      incidents: [
        { severity: "P2", title: "warn", declaredAt: at("13:00") },
        { severity: "P0", title: "down", declaredAt: at("13:20") },
      ],
      last: null,
      due: at("13:35"),
    },
  ] as { name: string; incidents: ActiveIncident[] | null; last: string | null; due?: string }[])(
    "$name",
    ({ incidents, last, due }) => {
      const clock = statusUpdateClock(incidents, last, every);
      if (due === undefined) expect(clock).toBeNull();
      else expect(clock?.dueAt).toBe(due);
    },
  );

  it("an incident without a declaration time is unknown, never a made-up due time", () => {
    expect(statusUpdateClock([{ severity: "P1", title: "x" }], null, every)).toMatchObject({
      dueAt: null,
      unknown: "the incident has no declaration time",
    });
  });

  it("ties on severity: the longest-running incident leads", () => {
    expect(
      leadingIncident([
        { severity: "P1", title: "b", declaredAt: at("13:30") },
        { severity: "P1", title: "a", declaredAt: at("13:10") },
      ])?.title,
    ).toBe("a");
  });
});
