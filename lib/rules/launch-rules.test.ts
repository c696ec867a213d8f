import { describe, expect, it } from "vitest";
import type {
  CheckLevel,
  DecisionRecord,
  GateState,
  TickRecord,
  VoteRecord,
  WaiverRecord,
} from "@/lib/model/launch";
import { type Gate, launchFlowSchema } from "@/lib/model/launch-flow-schema";
import type { Level } from "@/lib/model/runbook-schema";
import { judgeDecision } from "@/lib/rules/launch-decision";
import { blockingGates, evaluateGates } from "@/lib/rules/launch-gates";
import { evaluateMilestones, nextMilestone } from "@/lib/rules/launch-milestones";
import { launchPhase } from "@/lib/rules/launch-phase";
import { checkVote, tallyPoll } from "@/lib/rules/launch-poll";
import { effectiveT0Ms } from "@/lib/rules/launch-t0";

const T0 = Date.UTC(2026, 3, 23, 13, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function levels(entries: Record<string, Level>): Map<string, CheckLevel> {
  return new Map(
    Object.entries(entries).map(([id, level]) => [
      id,
      { id, label: id, level, summary: `${id} is ${level}` },
    ]),
  );
}

const gate = (g: Partial<Gate> & { id: string }): Gate => ({
  label: g.id,
  domain: "infra",
  checks: [],
  ...g,
});
const waiver = (id: number, gateId: string, personId = "bolt"): WaiverRecord => ({
  id,
  gateId,
  personId,
  reason: "checked by hand",
  at: iso(T0),
});

describe("evaluateGates", () => {
  const g = gate({ id: "api", checks: ["a", "b"] });
  it.each([
    ["all ok", { a: "ok", b: "ok" }, [], "green", 0],
    ["warn is not a blocker", { a: "warn", b: "ok" }, [], "green", 0],
    ["crit is red", { a: "crit", b: "ok" }, [], "red", 1],
    ["unknown is not green", { a: "ok", b: "unknown" }, [], "red", 1],
    ["missing reading is unknown", { a: "ok" }, [], "red", 1],
    ["both bad: both reasons", { a: "crit", b: "unknown" }, [], "red", 2],
    ["waived red", { a: "crit", b: "ok" }, [waiver(1, "api")], "waived", 1],
    ["waiver of another gate does not count", { a: "crit", b: "ok" }, [waiver(1, "other")], "red", 1],
    ["waiver on a green gate stays green", { a: "ok", b: "ok" }, [waiver(1, "api")], "green", 0],
  ] as const)("%s", (_name, lv, waivers, status, reasonCount) => {
    const [state] = evaluateGates([g], levels(lv), waivers, []);
    expect(state?.status).toBe(status);
    expect(state?.reasons).toHaveLength(reasonCount);
    expect(state?.evidence.map((e) => e.id)).toEqual(["a", "b"]);
  });

  it("a gate with no live check is red, never green by default", () => {
    const [state] = evaluateGates([gate({ id: "backup" })], new Map(), [], []);
    expect(state?.status).toBe("red");
    expect(state?.reasons[0]).toMatch(/not measured/);
  });

  it.each([
    ["incidents not tracked", null, "red", /not tracked/],
    ["no incidents", [], "green", null],
    ["a P2 does not block a P1 gate", [{ severity: "P2", title: "slow" }], "green", null],
    ["a P1 blocks", [{ severity: "P1", title: "search down" }], "red", /active P1 incident: search down/],
    ["a P0 blocks a P1 gate", [{ severity: "P0", title: "all down" }], "red", /P0/],
  ] as const)("incident gate: %s", (_n, incidents, status, reason) => {
    const [state] = evaluateGates([gate({ id: "no-p1", incident: "P1" })], new Map(), [], incidents);
    expect(state?.status).toBe(status);
    if (reason) expect(state?.reasons.join()).toMatch(reason);
  });

  it("blockingGates keeps red, not waived", () => {
    const states = evaluateGates(
      [gate({ id: "x", checks: ["a"] }), gate({ id: "y", checks: ["a"] }), gate({ id: "z", checks: ["b"] })],
      levels({ a: "crit", b: "ok" }),
      [waiver(1, "y")],
      [],
    );
    expect(blockingGates(states).map((s) => s.id)).toEqual(["x"]);
  });
});

const vote = (
  id: number,
  domain: string,
  v: "go" | "hold",
  round = 1,
  reason: string | null = null,
): VoteRecord => ({
  id,
  round,
  domain,
  personId: domain,
  vote: v,
  reason,
  at: iso(T0 - 10 * MIN + id * 1000),
});
const people = [
  { id: "rex", role: "lead", domain: "overall" },
  { id: "bolt", role: "owner", domain: "infra" },
  { id: "link", role: "owner", domain: "affiliate" },
  { id: "vera", role: "exec" },
];
const decision = (call: "go" | "hold", round = 1): DecisionRecord => ({
  round,
  call,
  personId: "rex",
  reason: null,
  at: iso(T0 - 5 * MIN),
  blockingGates: [],
});

describe("tallyPoll", () => {
  const base = { domains: ["infra", "affiliate"], people, round: 1, opensAt: iso(T0 - 15 * MIN) };
  it("latest vote per domain wins, changes are counted, the lead is not a voter", () => {
    const poll = tallyPoll({
      ...base,
      votes: [vote(1, "infra", "go"), vote(2, "infra", "hold", 1, "pool at 80%"), vote(3, "infra", "go")],
      decision: null,
    });
    expect(poll.domains[0]).toMatchObject({ domain: "infra", vote: "go", changes: 2, voters: ["bolt"] });
    expect(poll.domains[1]).toMatchObject({ domain: "affiliate", vote: null, changes: 0 });
    expect([poll.go, poll.hold, poll.missing, poll.open]).toEqual([1, 0, 1, true]);
  });
  it("orders by id, not by array order, and ignores other rounds", () => {
    const poll = tallyPoll({
      ...base,
      votes: [
        vote(5, "affiliate", "hold", 1, "tag missing"),
        vote(4, "affiliate", "go"),
        vote(9, "infra", "go", 2),
      ],
      decision: decision("hold"),
    });
    expect(poll.domains[1]).toMatchObject({ vote: "hold", reason: "tag missing" });
    expect(poll.domains[0]?.vote).toBeNull();
    expect(poll.open).toBe(false);
  });
});

describe("checkVote", () => {
  it.each([
    ["go without reason", { vote: "go", reason: null }, true, null],
    ["hold with reason", { vote: "hold", reason: "pool 80%" }, true, null],
    ["hold without reason", { vote: "hold", reason: null }, false, /Hold needs a reason/],
    ["hold with blank reason", { vote: "hold", reason: "  " }, false, /reason/],
    ["stale round", { vote: "go", reason: null, round: 1, currentRound: 2 }, false, /round 2/],
    ["after the call", { vote: "go", reason: null, decision: decision("go") }, false, /closed: GO/],
  ] as const)("%s", (_n, partial, ok, message) => {
    const verdict = checkVote({ round: 1, currentRound: 1, decision: null, ...partial });
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok && message) expect(verdict.reason).toMatch(message);
  });
});

describe("judgeDecision", () => {
  const states = (lv: Record<string, Level>, waivers: WaiverRecord[] = []): GateState[] =>
    evaluateGates(
      [
        gate({ id: "api-health", label: "API health 200", checks: ["api"] }),
        gate({ id: "aff", checks: ["aff"] }),
      ],
      levels(lv),
      waivers,
      [],
    );
  it.each([
    ["GO with all green", "go", { api: "ok", aff: "ok" }, [], true, false, null],
    [
      "GO refused naming the gate",
      "go",
      { api: "crit", aff: "ok" },
      [],
      false,
      false,
      /"API health 200" \(api-health\) is red/,
    ],
    ["GO after a waiver", "go", { api: "crit", aff: "ok" }, [waiver(1, "api-health")], true, false, null],
    ["GO refused on unknown", "go", { api: "ok", aff: "unknown" }, [], false, false, /aff/],
    ["HOLD with all green: no delay", "hold", { api: "ok", aff: "ok" }, [], true, false, null],
    ["HOLD with an unresolved P0 delays", "hold", { api: "crit", aff: "ok" }, [], true, true, null],
  ] as const)("%s", (_n, call, lv, waivers, ok, delay, reason) => {
    const v = judgeDecision({ call, gates: states(lv, [...waivers]), decision: null });
    expect(v.ok).toBe(ok);
    if (v.ok) expect(v.delay).toBe(delay);
    else if (reason) expect(v.reason).toMatch(reason);
  });
  it("a second call in the same round is refused", () => {
    const v = judgeDecision({
      call: "go",
      gates: states({ api: "ok", aff: "ok" }),
      decision: decision("hold"),
    });
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/already decided: HOLD/) });
  });
});

describe("effectiveT0Ms", () => {
  it.each([
    [[], T0],
    [[{ minutes: 30 }], T0 + 30 * MIN],
    [[{ minutes: 30 }, { minutes: 30 }], T0 + 60 * MIN],
  ])("%o", (delays, expected) => expect(effectiveT0Ms(T0, delays)).toBe(expected));
});

describe("evaluateMilestones", () => {
  const flow = launchFlowSchema.parse({
    milestones: [
      {
        id: "t-2h",
        label: "pre",
        offsetMinutes: -120,
        items: [
          { id: "a", kind: "auto", label: "api", checks: ["api"] },
          { id: "m", kind: "manual", label: "containers", owner: "bolt" },
        ],
      },
      { id: "t-15", label: "poll", offsetMinutes: -15, awaitsDecision: true },
      {
        id: "t+1h",
        label: "p99",
        offsetMinutes: 60,
        items: [{ id: "p", kind: "auto", label: "p99", checks: ["p99"], accept: ["ok", "warn"] }],
      },
    ],
  });
  const tick = (id: number, personId: string, done: boolean): TickRecord => ({
    id,
    itemId: "m",
    personId,
    done,
    note: null,
    at: iso(T0 - 100 * MIN),
  });
  const run = (nowMs: number, lv: Record<string, Level>, ticks: TickRecord[], decided = false) =>
    evaluateMilestones({ milestones: flow.milestones, t0Ms: T0, nowMs, checks: levels(lv), ticks, decided });

  it.each([
    ["before due, nothing done", T0 - 130 * MIN, { api: "ok" }, [], "upcoming"],
    ["due, auto ok but manual not ticked", T0 - 119 * MIN, { api: "ok" }, [], "due"],
    ["overdue after the grace", T0 - 104 * MIN, { api: "ok" }, [], "overdue"],
    [
      "done when ticked by its owner and the check is ok",
      T0 - 104 * MIN,
      { api: "ok" },
      [tick(1, "bolt", true)],
      "done",
    ],
    ["a tick by someone else never counts", T0 - 104 * MIN, { api: "ok" }, [tick(1, "sol", true)], "overdue"],
    [
      "unticked again",
      T0 - 104 * MIN,
      { api: "ok" },
      [tick(1, "bolt", true), tick(2, "bolt", false)],
      "overdue",
    ],
    ["auto item red keeps it open", T0 - 104 * MIN, { api: "crit" }, [tick(1, "bolt", true)], "overdue"],
    ["auto item unknown keeps it open", T0 - 104 * MIN, {}, [tick(1, "bolt", true)], "overdue"],
  ] as const)("T-2h: %s", (_n, now, lv, ticks, status) => {
    const t2h = run(now, lv, [...ticks])[0];
    expect(t2h?.status).toBe(status);
    expect(t2h?.dueAt).toBe(iso(T0 - 120 * MIN));
  });

  it("the poll milestone is done once the call is made", () => {
    expect(run(T0 - 10 * MIN, {}, [], false)[1]?.status).toBe("due");
    expect(run(T0 - 10 * MIN, {}, [], true)[1]?.status).toBe("done");
  });

  it("accept lets a warning count as done (P99 < 2 s on a gauge that warns at 1 s)", () => {
    expect(run(T0 + 61 * MIN, { p99: "warn" }, [])[2]?.status).toBe("done");
    expect(run(T0 + 61 * MIN, { p99: "crit" }, [])[2]?.status).toBe("due");
  });

  it("next milestone is the earliest not done; due times follow T-0", () => {
    const states = evaluateMilestones({
      milestones: flow.milestones,
      t0Ms: T0 + 30 * MIN,
      nowMs: T0,
      checks: levels({ api: "ok", p99: "ok" }),
      ticks: [tick(1, "bolt", true)],
      decided: false,
    });
    expect(nextMilestone(states)?.id).toBe("t-15");
    expect(states[1]?.dueAt).toBe(iso(T0 + 15 * MIN));
  });
});

describe("launchPhase", () => {
  const base = { t0Ms: T0, pollOpensMs: T0 - 15 * MIN, decision: null, delays: [], incidents: [] };
  const delay = { id: 1, round: 1, minutes: 30, reason: "backup missing", personId: "rex", at: iso(T0) };
  it.each([
    ["pre-launch", { nowMs: T0 - 60 * MIN }, "PRE-LAUNCH"],
    ["poll open at T-15", { nowMs: T0 - 15 * MIN }, "POLL OPEN"],
    ["hold called", { nowMs: T0 - 5 * MIN, decision: decision("hold") }, "HOLDING"],
    ["GO before T-0", { nowMs: T0 - 1 * MIN, decision: decision("go") }, "GO"],
    ["GO at T-0 is launched", { nowMs: T0, decision: decision("go") }, "LAUNCHED"],
    ["T-0 passed without GO", { nowMs: T0 + MIN }, "HOLDING"],
    ["delayed, poll not yet reopened", { nowMs: T0 - 40 * MIN, delays: [delay] }, "HOLDING"],
    [
      "an active incident wins",
      { nowMs: T0 + MIN, decision: decision("go"), incidents: [{ severity: "P1", title: "x" }] },
      "INCIDENT",
    ],
  ] as const)("%s", (_n, partial, phase) => {
    expect(launchPhase({ ...base, ...partial }).phase).toBe(phase);
  });
});
