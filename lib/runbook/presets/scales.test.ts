import { describe, expect, it } from "vitest";
import type { Level } from "@/lib/model/runbook-schema";
import { escalationState } from "@/lib/rules/escalation";
import { ladderInForce } from "@/lib/rules/ladder-in-force";
import { launchWindowOf } from "@/lib/rules/screen-mode";
import { suggestSeverity, type TreeCheck } from "@/lib/rules/severity";
import { loadRunbook, parseRunbook } from "@/lib/runbook/load-runbook";

const load = (preset: string) => loadRunbook({ WARROOM_PRESET: preset }).runbook;
const declaredAt = "2026-05-01T09:00:00.000Z";
const ladderText = (preset: string) => {
  const rb = load(preset);
  return JSON.stringify([rb.scale.ladder, rb.scale.levels, rb.people]);
};

describe("each preset's scale, ladder and timers come from its own runbook", () => {
  it("Deal Scout and the CIA name none of BuyWhere's people", () => {
    for (const preset of ["deal-scout", "customer-intelligence"]) {
      expect(ladderText(preset)).not.toMatch(/Rex|Bolt|Vera|Sol|Link|Atlas|#us-launch-ops/);
    }
    expect(ladderText("buywhere-us-launch")).toMatch(/Rex.*Bolt.*Vera/);
  });

  it("Deal Scout's ranks are CRITICAL, HIGH, WARNING with 003's response and resolution targets", () => {
    const { levels } = load("deal-scout").scale;
    expect(
      [levels.P0, levels.P1, levels.P2].map((l) => [l.label, l.respondWithinMinutes, l.resolveWithinMinutes]),
    ).toEqual([
      ["CRITICAL", 2, 30],
      ["HIGH", 5, 60],
      ["WARNING", 15, 240],
    ]);
    for (const l of [levels.P0, levels.P1, levels.P2]) expect(l.source).toMatch(/003 Escalation Policy/);
  });

  it("a Deal Scout incident runs Deal Scout's ladder on the board's clock", () => {
    const rb = load("deal-scout");
    const s = escalationState(rb.scale, { severity: "P0", declaredAt }, [], Date.parse(declaredAt));
    expect(s.engagement.map((e) => e.who.replace(/[:(].*$/, "").trim())).toEqual([
      "On-call engineer",
      "Senior engineer engaged",
      "Engineering lead engaged",
      "Executive / customer",
    ]);
    expect(s.engagement.at(-1)).toMatchObject({ rung: "executive", atMinutes: 30 });
    expect(s.next).toBeNull();
  });

  it("the CIA's P0–P2 respond within 15 min, 1 h, 4 h (004 Incident Severity Levels)", () => {
    const { levels, escalate } = load("customer-intelligence").scale;
    expect([levels.P0, levels.P1, levels.P2].map((l) => [l.definition, l.respondWithinMinutes])).toEqual([
      ["Complete outage", 15],
      ["Degraded performance", 60],
      ["Minor issue: single feature broken, workaround exists", 240],
    ]);
    expect(escalate).toEqual([]);
  });

  it("BuyWhere says which P1 it uses: the incident runbook's, launch day's P1 read as P0", () => {
    const { basis, levels, escalate } = load("buywhere-us-launch").scale;
    expect(basis).toMatch(/incident runbook 000 §1.*Launch day 001 §5.2's P1 \(service down\) is this P0/);
    expect(levels.P0.source).toMatch(/launch day §5.2 calls this P1/);
    expect(escalate.map((r) => [r.from, r.to, r.afterMinutes])).toEqual([
      ["P1", "P0", 30],
      ["P2", "P1", 120],
    ]);
  });

  it("BuyWhere inside the launch window runs launch day §5.2's ladders, outside it incident §4.2's", () => {
    const rb = load("buywhere-us-launch");
    const t0 = Date.parse("2026-05-01T13:00:00.000Z");
    const window = launchWindowOf(t0, rb.launchFlow);
    const rungs = (at: number, severity: "P0" | "P1") => {
      const { ladder, source } = ladderInForce(rb.scale, new Date(at).toISOString(), window);
      const declared = new Date(at).toISOString();
      const s = escalationState({ ...rb.scale, ladder }, { severity, declaredAt: declared }, [], at);
      return { source, rungs: s.engagement.map((e) => `T+${e.atMinutes} ${e.who}`) };
    };
    // T+30 min: inside the window. Launch day's P1 (service down) is the scale's P0, its P2 the scale's P1.
    expect(rungs(t0 + 30 * 60_000, "P0")).toEqual({
      source: "launch day §5.2: declared in the launch window",
      rungs: [
        "T+0 Rex acknowledged, joins #incidents-critical",
        "T+10 Bolt engaged if infra issue",
        "T+20 Vera notified (DM)",
        "T+30 All-hands if not resolved",
      ],
    });
    expect(rungs(t0 + 30 * 60_000, "P1").rungs).toEqual([
      "T+0 Agent responsible for the area",
      "T+15 Rex aware (post in #us-launch-ops)",
      "T+30 Rex engaged if not resolved",
    ]);
    // The next day: the incident runbook's ladder (Bolt at T+5).
    const after = rungs(t0 + 24 * 3_600_000, "P0");
    expect(after.source).toBeNull();
    expect(after.rungs.slice(0, 2)).toEqual([
      "T+0 Rex acknowledges, posts to #incidents-critical",
      "T+5 Bolt engaged on infra diagnosis",
    ]);
    // Window edges: from the first milestone (T-2h) to the last (T+4h).
    expect([window.opensMs - t0, window.closesMs - t0].map((ms) => ms / 60_000)).toEqual([-120, 240]);
    expect(rungs(window.opensMs - 1, "P0").source).toBeNull();
    expect(rungs(window.closesMs, "P0").source).not.toBeNull();
  });

  it("Deal Scout and the CIA have no launch window ladder", () => {
    for (const preset of ["deal-scout", "customer-intelligence"]) {
      expect(load(preset).scale.launchWindowLadder).toBeUndefined();
    }
  });

  it("a launch window ladder with two rungs at one minute is refused, with the path named", () => {
    const rb = load("buywhere-us-launch");
    const rung = { atMinutes: 5, who: "someone" };
    const bad = {
      ...rb,
      scale: {
        ...rb.scale,
        launchWindowLadder: { source: "x", ladder: { P0: [rung, rung], P1: [], P2: [] } },
      },
    };
    expect(() => parseRunbook(bad, "test")).toThrow(
      /scale\.launchWindowLadder\.ladder\.P0\[1\]\.atMinutes: two rungs at T\+5/s,
    );
  });
});

describe("each preset's decision tree", () => {
  const reading = (id: string, kind: string, level: Level, value: number | null = null): TreeCheck => ({
    id,
    kind,
    level,
    value,
    summary: `${id} ${level}`,
  });
  const suggest = (preset: string, checks: TreeCheck[]) => {
    const rb = load(preset);
    return suggestSeverity(checks, rb.scale, rb.severityRules);
  };

  const dealScoutCases: [string, TreeCheck[], string | null][] = [
    ["health failing → CRITICAL", [reading("health", "http", "crit")], "P0"],
    [
      "error rate crit → CRITICAL",
      [reading("health", "http", "ok"), reading("error-rate", "prometheus", "crit", 9)],
      "P0",
    ],
    ["disk crit → CRITICAL", [reading("disk", "host", "crit", 97)], "P0"],
    ["queue crit → HIGH", [reading("celery-queue", "redis", "crit", 1500)], "P1"],
    ["no celery worker → HIGH", [reading("celery-workers", "redis", "crit", 0)], "P1"],
    [
      "Redis down with /health failing → HIGH, not the CRITICAL /health alone suggests",
      [reading("health", "http", "crit"), reading("redis-ping", "redis", "crit")],
      "P1",
    ],
    [
      "PostgreSQL down → CRITICAL",
      [reading("health", "http", "crit"), reading("db-ping", "postgres", "crit")],
      "P0",
    ],
    ["a lock pile-up → CRITICAL", [reading("db-locks", "postgres", "crit", 4)], "P0"],
    ["eBay > 10 errors → WARNING", [reading("ebay-errors", "http", "warn", 14)], "P2"],
    ["email failures > 10% → WARNING", [reading("email-failures", "http", "warn", 100)], "P2"],
    ["a slow statement → WARNING", [reading("slow-queries", "postgres", "warn", 1)], "P2"],
    ["memory warn → WARNING", [reading("memory", "host", "warn", 88)], "P2"],
    ["latency warn → WARNING", [reading("latency-p95", "prometheus", "warn", 700)], "P2"],
    ["all ok → none", [reading("health", "http", "ok"), reading("memory", "host", "ok", 40)], null],
  ];
  for (const [name, checks, severity] of dealScoutCases) {
    it(`Deal Scout: ${name}`, () => expect(suggest("deal-scout", checks).severity).toBe(severity));
  }

  const ciaCases: [string, TreeCheck[], string | null][] = [
    ["health failing → P0", [reading("health", "http", "crit")], "P0"],
    ["P99 2.5 s → P1", [reading("latency-p99", "prometheus", "crit", 2500)], "P1"],
    ["5xx 3% → no incident (SLO breach only)", [reading("error-rate", "prometheus", "crit", 3)], null],
    ["5xx 7% → P1", [reading("error-rate", "prometheus", "crit", 7)], "P1"],
    ["data 30 h old → P2", [reading("data-freshness", "http", "crit", 30)], "P2"],
  ];
  for (const [name, checks, severity] of ciaCases) {
    it(`CIA: ${name}`, () => expect(suggest("customer-intelligence", checks).severity).toBe(severity));
  }

  it("the matched branch is the scenario: its detection checks and the runbook's next steps", () => {
    const s = suggest("deal-scout", [reading("celery-queue", "redis", "crit", 1500)]);
    expect(s.scenario).toMatchObject({
      id: "queue",
      severity: "P1",
      action: "Task Queue Stuck runbook",
      checks: ["celery-queue", "queue-depth", "celery-workers", "worker-container"],
    });
    expect(s.scenario?.steps[0]).toMatch(/LLEN celery/);
    const cia = suggest("customer-intelligence", [reading("data-freshness", "http", "crit", 30)]);
    expect(cia.scenario).toMatchObject({ id: "stale-data", checks: ["data-freshness"] });
    expect(cia.scenario?.steps.join("\n")).toMatch(/data_status/);
    expect(suggest("deal-scout", [reading("health", "http", "ok")]).scenario).toBeNull();
  });

  it("every scenario of Deal Scout and the CIA has the runbook's next steps", () => {
    for (const preset of ["deal-scout", "customer-intelligence"]) {
      for (const step of load(preset).scale.tree)
        expect(step.steps.length, `${preset}/${step.id}`).toBeGreaterThan(1);
    }
  });

  it("each preset's modes: BuyWhere launch, deploy and incident; Deal Scout and the CIA incident response", () => {
    expect(load("buywhere-us-launch").modes).toEqual(["launch", "deploy", "incident"]);
    expect(load("deal-scout").modes).toEqual(["incident"]);
    expect(load("customer-intelligence").modes).toEqual(["incident"]);
  });

  it("a deploy mode without a deployWatch is refused, with the field named", () => {
    const raw = { ...load("deal-scout"), modes: ["incident", "deploy"] };
    expect(() => parseRunbook(raw, "test")).toThrow(/modes\[1\]: the deploy mode needs a deployWatch/s);
  });

  it("a tree branch naming a check the runbook lacks is refused, with the field named", () => {
    const raw = { ...load("deal-scout"), scale: { ...load("deal-scout").scale } };
    raw.scale.tree = [{ ...raw.scale.tree[0], checks: ["no-such-check"] }] as typeof raw.scale.tree;
    expect(() => parseRunbook(raw, "test")).toThrow(
      /scale\.tree\[0\]\.checks\[0\]: no check with id "no-such-check"/s,
    );
  });
});

describe("runbook notes", () => {
  it("BuyWhere notes where its runbooks disagree", () => {
    const ids = load("buywhere-us-launch").notes.map((n) => n.id);
    for (const id of [
      "severity-scale",
      "thresholds",
      "endpoints",
      "prev-sha",
      "currency-param",
      "tee-exit-code",
      "launch-utc-offset",
    ])
      expect(ids).toContain(id);
  });

  it("every note says which side warroom took, why, and where", () => {
    for (const preset of ["buywhere-us-launch", "deal-scout", "customer-intelligence"]) {
      for (const n of load(preset).notes) {
        expect(n.took.length, `${preset}/${n.id}`).toBeGreaterThan(10);
        expect(n.why.length, `${preset}/${n.id}`).toBeGreaterThan(10);
        expect(n.source, `${preset}/${n.id}`).toMatch(/§|00\d|line \d+/);
      }
    }
  });
});
