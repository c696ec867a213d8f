import { describe, expect, it } from "vitest";
import type { GateState, ItemState } from "@/lib/model/launch";
import { launchVerdictSchema, type VerdictFacts } from "@/lib/model/launch-verdict";
import { judgeLaunch, type VerdictInput } from "@/lib/rules/launch-verdict";
import { BUYWHERE_VERDICT } from "@/lib/runbook/presets/buywhere-verdict";

const spec = launchVerdictSchema.parse(BUYWHERE_VERDICT);
const T0 = Date.parse("2026-04-23T13:00:00Z");
const min = (m: number) => T0 + m * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const gate = (id: string, status: GateState["status"] = "green"): GateState => ({
  id,
  label: id,
  domain: "infra",
  source: null,
  status,
  reasons: status === "red" ? [`${id} is crit`] : [],
  evidence: [],
  waiver: null,
});
const GATES = ["api-health", "search-usd", "affiliate", "backup", "db-healthy"].map((g) => gate(g));
const item = (id: string, done: boolean): ItemState => ({
  id,
  label: id,
  kind: "manual",
  owner: "sol",
  done,
  evidence: [],
  tick: done ? { id: 1, itemId: id, personId: "sol", done: true, note: null, at: iso(min(58)) } : null,
});
const items = (users: boolean, searches: boolean) =>
  new Map([
    ["t1h-users", item("t1h-users", users)],
    ["t1h-searches", item("t1h-searches", searches)],
  ]);
const NONE: VerdictFacts = { rollbacks: [], firings: [] };

const input = (over: Partial<VerdictInput> = {}): VerdictInput => ({
  spec,
  t0Ms: T0,
  nowMs: min(65),
  launched: true,
  gates: GATES,
  items: items(true, true),
  facts: NONE,
  ...over,
});

describe("judgeLaunch (launch day §6)", () => {
  it.each([
    { case: "everything holds after the first hour", over: {}, outcome: "success" },
    { case: "not launched (no GO)", over: { launched: false }, outcome: "pending" },
    {
      case: "inside the first hour, all well so far",
      over: { nowMs: min(30), items: items(false, false) },
      outcome: "pending",
    },
    {
      case: "a rollback was executed",
      over: {
        facts: {
          rollbacks: [{ id: "0f0f0f0f-run", startedAt: iso(min(20)), status: "succeeded" }],
          firings: [],
        },
      },
      outcome: "failed",
    },
    {
      case: "a rollback inside the first hour fails it at once",
      over: {
        nowMs: min(25),
        facts: {
          rollbacks: [{ id: "0f0f0f0f-run", startedAt: iso(min(20)), status: "running" }],
          firings: [],
        },
      },
      outcome: "failed",
    },
    {
      case: "error rate > 5% for 10 min fired",
      over: {
        facts: {
          rollbacks: [],
          firings: [{ ruleId: "rollback-5xx-launch-day", level: "crit" as const, at: iso(min(40)) }],
        },
      },
      outcome: "failed",
    },
    {
      case: "error rate > 1% for 5 min fired: not a failure, not a success",
      over: {
        facts: {
          rollbacks: [],
          firings: [{ ruleId: "rollback-5xx-incident", level: "warn" as const, at: iso(min(40)) }],
        },
      },
      outcome: "undecided",
    },
    {
      case: "the search gate is red",
      over: { gates: [...GATES.slice(0, 1), gate("search-usd", "red"), ...GATES.slice(2)] },
      outcome: "undecided",
    },
    {
      case: "the affiliate gate is only waived",
      over: { gates: GATES.map((g) => (g.id === "affiliate" ? gate("affiliate", "waived") : g)) },
      outcome: "undecided",
    },
    {
      case: "users not entered after the first hour",
      over: { items: items(false, true) },
      outcome: "undecided",
    },
    { case: "storage not read: rollbacks unknown", over: { facts: null }, outcome: "undecided" },
    {
      case: "a rollback before T-0 does not count",
      over: {
        facts: {
          rollbacks: [{ id: "0f0f0f0f-run", startedAt: iso(min(-30)), status: "succeeded" }],
          firings: [],
        },
      },
      outcome: "success",
    },
  ])("$case → $outcome", ({ over, outcome }) => {
    expect(judgeLaunch(input(over)).outcome).toBe(outcome);
  });

  it("says why on every line, and a failed launch calls for a post-mortem", () => {
    const v = judgeLaunch(
      input({
        facts: {
          rollbacks: [{ id: "0f0f0f0f-run", startedAt: iso(min(20)), status: "succeeded" }],
          firings: [],
        },
      }),
    );
    expect(v.postmortem).toBe(true);
    expect(v.summary).toBe("Failed launch: Rollback executed — post-mortem");
    expect(v.failure.find((c) => c.id === "rollback")).toMatchObject({
      status: "met",
      why: expect.stringMatching(/^rollback 0f0f0f0f started 13:20/),
    });
    expect(v.success.find((c) => c.id === "no-rollback")?.status).toBe("unmet");
    expect(v.failure.find((c) => c.id === "few-users")).toMatchObject({
      status: "unmet",
      why: expect.stringMatching(/ruled out.*sol at 13:58/),
    });
    expect(v.judgedAt).toBe("2026-04-23T14:00:00.000Z");
  });

  it("never guesses an external figure: without the users tick, < 10 users is unknown, not ruled out", () => {
    const v = judgeLaunch(input({ items: items(false, true) }));
    expect(v.failure.find((c) => c.id === "few-users")?.status).toBe("unknown");
    expect(v.success.find((c) => c.id === "users")).toMatchObject({
      status: "unknown",
      why: "not confirmed by sol",
    });
    expect(v.summary).toMatch(/≥ 100 users in the first hour \(unknown\)/);
  });

  it("search and affiliate are judged through their P0 gates, with the gate's reason", () => {
    const v = judgeLaunch(
      input({ gates: GATES.map((g) => (g.id === "search-usd" ? gate("search-usd", "red") : g)) }),
    );
    expect(v.success[0]).toMatchObject({
      id: "p0-gates",
      status: "unmet",
      why: "search-usd: search-usd is crit",
    });
  });
});
