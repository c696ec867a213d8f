import { describe, expect, it } from "vitest";
import { ScrapeWindow, type WindowStep } from "@/lib/probes/prometheus-window";

const scrape = (at: number, total: number, errors = 0) => ({
  at: at * 1000,
  counters: new Map([
    ["total", total],
    ["errors", errors],
  ]),
});
const summary = (step: WindowStep) =>
  step.kind === "delta"
    ? `delta ${step.delta.get("total")}/${step.delta.get("errors")} over ${step.spanMs / 1000}s`
    : step.kind;

describe("ScrapeWindow", () => {
  it.each<[string, [number, number, number?][], string[]]>([
    ["first scrape is a baseline", [[0, 10]], ["baseline"]],
    [
      "deltas against the oldest while the window fills",
      [
        [0, 10],
        [20, 30, 1],
        [40, 50, 3],
      ],
      ["baseline", "delta 20/1 over 20s", "delta 40/3 over 40s"],
    ],
    [
      "then against the newest scrape at least one window old",
      [
        [0, 0],
        [30, 100],
        [60, 200],
        [70, 260],
        [95, 400],
      ],
      [
        "baseline",
        "delta 100/0 over 30s",
        "delta 200/0 over 60s",
        "delta 260/0 over 70s",
        "delta 300/0 over 65s",
      ],
    ],
    [
      "a counter going down restarts the window",
      [
        [0, 100],
        [10, 200],
        [20, 5],
        [30, 25],
      ],
      ["baseline", "delta 100/0 over 10s", "reset", "delta 20/0 over 10s"],
    ],
    [
      "no traffic is a zero delta",
      [
        [0, 7],
        [10, 7],
      ],
      ["baseline", "delta 0/0 over 10s"],
    ],
    [
      "interval longer than the window",
      [
        [0, 0],
        [120, 50],
        [240, 80],
      ],
      ["baseline", "delta 50/0 over 120s", "delta 30/0 over 120s"],
    ],
  ])("%s", (_name, scrapes, expected) => {
    const window = new ScrapeWindow();
    expect(
      scrapes.map(([at, total, errors]) => summary(window.add(scrape(at, total, errors), 60_000))),
    ).toEqual(expected);
  });

  it("treats a changed set of series as a reset", () => {
    const window = new ScrapeWindow();
    window.add({ at: 0, counters: new Map([["le:0.1", 1]]) }, 60_000);
    const step = window.add({ at: 1000, counters: new Map([["le:0.5", 2]]) }, 60_000);
    expect(step).toEqual({ kind: "reset", key: "le:0.5 appeared" });
  });

  it("keeps only the scrapes the window needs", () => {
    const window = new ScrapeWindow();
    for (let t = 0; t <= 300; t += 5) window.add(scrape(t, t), 60_000);
    expect(window.size).toBe(13);
  });
});
