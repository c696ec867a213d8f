import { describe, expect, it } from "vitest";
import type { SmokeTest } from "@/lib/model/deploy-watch-schema";
import {
  classifyImageChange,
  judgeDeployWindow,
  judgeSmokeTest,
  leadingRecord,
  type OwnRun,
  windowRecommendations,
} from "@/lib/rules/deploy-watch";
import type { Sample } from "@/lib/rules/sustained";

const T0 = Date.parse("2026-04-23T11:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();
const run = (over: Partial<OwnRun>): OwnRun => ({
  id: "run-1234567890",
  kind: "rollback",
  startedAt: iso(T0),
  finishedAt: null,
  targetImage: "sha256:good",
  ...over,
});

describe("classifyImageChange", () => {
  it.each([
    ["first sighting", null, "sha256:new", null, T0, "baseline"],
    ["same image, no run", "sha256:a", "sha256:a", null, T0, "unchanged"],
    ["new image, no run", "sha256:a", "sha256:b", null, T0, "deploy"],
    ["rollback running to that image", "sha256:bad", "sha256:good", run({}), T0 + 5000, "rollback"],
    [
      "rollback finished 30 s ago",
      "sha256:bad",
      "sha256:good",
      run({ finishedAt: iso(T0 + 10_000) }),
      T0 + 40_000,
      "rollback",
    ],
    [
      "rollback finished long ago",
      "sha256:bad",
      "sha256:good",
      run({ finishedAt: iso(T0 + 10_000) }),
      T0 + 600_000,
      "deploy",
    ],
    ["rollback running, other image", "sha256:bad", "sha256:other", run({}), T0 + 5000, "deploy"],
    ["run started after the event", "sha256:bad", "sha256:good", run({}), T0 - 60_000, "deploy"],
    [
      "restart running, same image",
      "sha256:a",
      "sha256:a",
      run({ kind: "restart-api", targetImage: null }),
      T0 + 3000,
      "restart",
    ],
    [
      "restart running, new image",
      "sha256:a",
      "sha256:b",
      run({ kind: "restart-api", targetImage: null }),
      T0 + 3000,
      "deploy",
    ],
    [
      "same image, old restart",
      "sha256:a",
      "sha256:a",
      run({ kind: "restart-api", finishedAt: iso(T0) }),
      T0 + 600_000,
      "unchanged",
    ],
  ])("%s → %s", (_name, prev, cur, r, at, want) => {
    expect(classifyImageChange(prev, cur, r, at).kind).toBe(want);
  });
});

describe("leadingRecord", () => {
  it.each([
    [["restart", "deploy", "rollback"], 1],
    [["rollback", "deploy"], 0],
    [["restart", "restart"], null],
    [[], null],
  ] as const)("%o → index %s", (kinds, want) => {
    const recent = kinds.map((kind, i) => ({ kind, i }));
    expect(leadingRecord(recent)?.i ?? null).toBe(want);
  });
});

describe("judgeSmokeTest", () => {
  const test: SmokeTest = { id: "t10", label: "T10 TLS", checks: ["tls", "x"], accept: ["ok"] };
  const at = iso(T0);
  it.each([
    [{ tls: "ok", x: "ok" }, "pass"],
    [{ tls: "warn", x: "ok" }, "fail"],
    [{ tls: "ok", x: "unknown" }, "unknown"],
    [{ tls: "ok" }, "unknown"],
    [{ tls: "crit", x: "unknown" }, "fail"],
  ] as const)("%o → %s", (levels, want) => {
    const map = new Map(Object.entries(levels).map(([k, l]) => [k, { level: l, summary: `${k} ${l}`, at }]));
    const result = judgeSmokeTest(test, map);
    expect(result.status).toBe(want);
    expect(result.checks.map((c) => c.id)).toEqual(["tls", "x"]);
  });
  it("a warning passes by default", () => {
    const loose: SmokeTest = { ...test, accept: ["ok", "warn"], checks: ["tls"] };
    expect(judgeSmokeTest(loose, new Map([["tls", { level: "warn", summary: "", at }]])).status).toBe("pass");
  });
});

describe("judgeDeployWindow", () => {
  const every = (from: number, to: number, level: Sample["level"], stepMs = 5000): Sample[] => {
    const out: Sample[] = [];
    for (let t = from; t <= to; t += stepMs) out.push({ at: t, level, value: null });
    return out;
  };
  const base = {
    deployAtMs: T0,
    goFailMinutes: 15,
    healthFailures: 3,
    healthCheck: "api-health",
    healthFromMs: T0,
    source: "deploy",
  };

  it("a go gate red for 16 min after the deploy fires; 14 min does not", () => {
    const gate = {
      id: "search-usd",
      label: "Search functional",
      samples: every(T0, T0 + 16 * 60_000, "crit"),
    };
    const fired = judgeDeployWindow({ ...base, gates: [gate], health: [], nowMs: T0 + 16 * 60_000 });
    expect(fired[0]).toMatchObject({ state: "firing", id: "deploy-go-search-usd" });
    expect(windowRecommendations(fired).map((r) => r.ruleId)).toEqual(["deploy-go-search-usd"]);
    const early = { ...gate, samples: every(T0, T0 + 14 * 60_000, "crit") };
    const notYet = judgeDeployWindow({ ...base, gates: [early], health: [], nowMs: T0 + 14 * 60_000 });
    expect(notYet[0]?.state).not.toBe("firing");
    expect(windowRecommendations(notYet)).toEqual([]);
  });

  it("red before the deploy does not count toward the 15 min", () => {
    const samples = every(T0 - 30 * 60_000, T0 + 10 * 60_000, "crit");
    const rules = judgeDeployWindow({
      ...base,
      gates: [{ id: "g", label: "G", samples }],
      health: [],
      nowMs: T0 + 10 * 60_000,
    });
    expect(rules[0]?.state).not.toBe("firing");
  });

  it("a gate that recovered inside 15 min does not fire", () => {
    const samples = [
      ...every(T0, T0 + 10 * 60_000, "crit"),
      ...every(T0 + 10 * 60_000 + 5000, T0 + 20 * 60_000, "ok"),
    ];
    const rules = judgeDeployWindow({
      ...base,
      gates: [{ id: "g", label: "G", samples }],
      health: [],
      nowMs: T0 + 20 * 60_000,
    });
    expect(rules[0]?.state).toBe("ok");
  });

  it("three health failures in a row after the deploy fire, with the samples as evidence", () => {
    const health = [...every(T0 - 20_000, T0 - 5000, "crit"), ...every(T0 + 5000, T0 + 15_000, "crit")];
    const rules = judgeDeployWindow({ ...base, gates: [], health, nowMs: T0 + 16_000 });
    const h = rules.find((r) => r.id === "deploy-health-failures");
    expect(h?.state).toBe("firing");
    expect(h?.samples).toHaveLength(3);
    expect(h?.samples.every((s) => Date.parse(s.at) >= T0)).toBe(true);
  });

  it("two failures after the deploy (the third before it) do not fire", () => {
    const health = [...every(T0 - 5000, T0 - 5000, "crit"), ...every(T0 + 5000, T0 + 10_000, "crit")];
    const rules = judgeDeployWindow({ ...base, gates: [], health, nowMs: T0 + 11_000 });
    expect(rules.find((r) => r.id === "deploy-health-failures")?.state).not.toBe("firing");
  });

  it("health failures during the container's start period do not count; from its first health report on they do", () => {
    const health = every(T0 + 5000, T0 + 60_000, "crit");
    const starting = judgeDeployWindow({
      ...base,
      gates: [],
      health,
      healthFromMs: null,
      nowMs: T0 + 61_000,
    });
    const rule = starting.find((r) => r.id === "deploy-health-failures");
    expect(rule?.state).toBe("unknown");
    expect(rule?.reason).toMatch(/start period/);
    const reported = judgeDeployWindow({
      ...base,
      gates: [],
      health,
      healthFromMs: T0 + 50_000,
      nowMs: T0 + 61_000,
    });
    const fired = reported.find((r) => r.id === "deploy-health-failures");
    expect(fired?.state).toBe("firing");
    expect(fired?.samples.every((s) => Date.parse(s.at) >= T0 + 50_000)).toBe(true);
    const tooSoon = judgeDeployWindow({
      ...base,
      gates: [],
      health,
      healthFromMs: T0 + 52_000,
      nowMs: T0 + 61_000,
    });
    expect(tooSoon.find((r) => r.id === "deploy-health-failures")?.state).not.toBe("firing");
  });
});
