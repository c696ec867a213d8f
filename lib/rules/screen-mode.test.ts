import { describe, expect, it } from "vitest";
import type { ScreenMode } from "@/lib/model/screen-mode";
import { launchWindowOf, type ModeInput, modesOf, resolveScreenMode } from "@/lib/rules/screen-mode";

const T0 = Date.parse("2026-04-23T13:00:00.000Z");
const min = (m: number) => T0 + m * 60_000;
const ALL: ScreenMode[] = ["launch", "deploy", "incident"];
// BuyWhere's span: milestones T-2h … T+4h, the poll opens at T-15.
const WINDOW = launchWindowOf(T0, {
  pollOpensMinutes: 15,
  milestones: [{ offsetMinutes: -120 }, { offsetMinutes: 240 }],
});
const INCIDENT = { severity: "P1", title: "search slow", declaredAt: new Date(min(10)).toISOString() };
const DEPLOY = {
  at: new Date(min(-110)).toISOString(),
  until: new Date(min(-20)).toISOString(),
  what: "deploy on buywhere-api-api-1",
};
const OVERRIDE = {
  mode: "incident" as const,
  personId: "rex",
  reason: "drill",
  at: new Date(min(-30)).toISOString(),
};

const base = (over: Partial<ModeInput>): ModeInput => ({
  modes: ALL,
  nowMs: min(-30),
  launch: WINDOW,
  deploy: null,
  incident: null,
  override: null,
  ...over,
});

type Case = { name: string; input: ModeInput; mode: ScreenMode; why: RegExp; auto?: ScreenMode };

const CASES: Case[] = [
  {
    name: "inside the launch window: launch",
    input: base({}),
    mode: "launch",
    why: /launch window 11:00 UTC–17:00 UTC/,
  },
  {
    name: "at the window's first minute",
    input: base({ nowMs: min(-120) }),
    mode: "launch",
    why: /T-0 13:00/,
  },
  {
    name: "before the launch window: incident response, saying when the launch opens",
    input: base({ nowMs: min(-121) }),
    mode: "incident",
    why: /opens at 11:00 UTC/,
  },
  {
    name: "after the launch window: incident response",
    input: base({ nowMs: min(240) }),
    mode: "incident",
    why: /closed at 17:00 UTC/,
  },
  {
    name: "an open deploy window beats the launch window",
    input: base({ nowMs: min(-100), deploy: DEPLOY }),
    mode: "deploy",
    why: /deploy on buywhere-api-api-1 at 11:10 UTC: post-deploy watch until 12:40 UTC/,
  },
  {
    name: "a declared incident beats a deploy and the launch",
    input: base({ nowMs: min(15), deploy: DEPLOY, incident: INCIDENT }),
    mode: "incident",
    why: /P1 declared at 13:10 UTC: search slow/,
  },
  {
    name: "a runbook without the deploy mode ignores a deploy",
    input: base({ modes: ["launch", "incident"], deploy: DEPLOY }),
    mode: "launch",
    why: /launch window/,
  },
  {
    name: "incident-only runbook: incident response, quiet",
    input: base({ modes: ["incident"], launch: null }),
    mode: "incident",
    why: /no incident declared: watching the system's health/,
  },
  {
    name: "incident-only runbook ignores its placeholder T-0",
    input: base({ modes: ["incident"] }),
    mode: "incident",
    why: /watching the system's health/,
  },
  {
    name: "launch-only runbook outside its window stays on launch",
    input: base({ modes: ["launch"], nowMs: min(-600) }),
    mode: "launch",
    why: /only mode/,
  },
  {
    name: "the lead's override wins and says who and why",
    input: base({ override: OVERRIDE, nameOf: (id) => (id === "rex" ? "Rex" : id) }),
    mode: "incident",
    why: /set by Rex at 12:30 UTC: drill/,
    auto: "launch",
  },
  {
    name: "an override naming a mode the runbook lacks is ignored",
    input: base({ modes: ["incident"], override: { ...OVERRIDE, mode: "launch" } }),
    mode: "incident",
    why: /watching/,
  },
];

describe("resolveScreenMode", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const view = resolveScreenMode(c.input);
      expect(view.mode).toBe(c.mode);
      expect(view.why).toMatch(c.why);
      expect(view.auto.mode).toBe(c.auto ?? c.mode);
      expect(view.override !== null).toBe(c.auto !== undefined);
    });
  }
});

describe("launchWindowOf", () => {
  it("spans the earliest and latest milestone, or the poll and T-0 without milestones", () => {
    expect(WINDOW).toEqual({ t0Ms: T0, opensMs: min(-120), closesMs: min(240) });
    expect(launchWindowOf(T0, { pollOpensMinutes: 15, milestones: [] })).toEqual({
      t0Ms: T0,
      opensMs: min(-15),
      closesMs: T0,
    });
  });
});

describe("modesOf", () => {
  it("takes the runbook's list, else launch and incident, with deploy when it watches deploys", () => {
    expect(modesOf({ modes: ["incident"] })).toEqual(["incident"]);
    expect(modesOf({})).toEqual(["launch", "incident"]);
    expect(modesOf({ deployWatch: {} })).toEqual(["launch", "deploy", "incident"]);
  });
});
