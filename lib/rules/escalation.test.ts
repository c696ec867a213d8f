import { describe, expect, it } from "vitest";
import type { IncidentEventRecord } from "@/lib/model/incident";
import { severityScaleSchema } from "@/lib/model/severity-scale-schema";
import { dueEscalation, escalationState } from "@/lib/rules/escalation";
import { BUYWHERE_SCALE } from "@/lib/runbook/presets/buywhere-scale";
import { CUSTOMER_INTELLIGENCE_SCALE } from "@/lib/runbook/presets/customer-intelligence-scale";
import { DEAL_SCOUT_SCALE } from "@/lib/runbook/presets/deal-scout-scale";

const buywhere = severityScaleSchema.parse(BUYWHERE_SCALE);
const dealScout = severityScaleSchema.parse(DEAL_SCOUT_SCALE);
const cia = severityScaleSchema.parse(CUSTOMER_INTELLIGENCE_SCALE);

const T0 = Date.parse("2026-04-23T14:10:00.000Z");
const min = (m: number) => T0 + m * 60_000;
const ev = (kind: string, atMin: number, data: Record<string, unknown> = {}): IncidentEventRecord => ({
  id: atMin,
  at: new Date(min(atMin)).toISOString(),
  kind,
  actor: "rex",
  message: kind,
  data,
});
const declaredAt = new Date(T0).toISOString();

describe("BuyWhere escalation timers (incident §1, §4.2)", () => {
  it("P1 becomes P0 after 30 min, not before", () => {
    expect(dueEscalation(buywhere, { severity: "P1", declaredAt }, [], min(29.9))).toBeNull();
    expect(dueEscalation(buywhere, { severity: "P1", declaredAt }, [], min(30))).toMatchObject({
      from: "P1",
      to: "P0",
      at: min(30),
      rule: { source: expect.stringMatching(/^incident §1/) },
    });
  });

  it("P2 becomes P1 after 2 h; P0 never escalates", () => {
    expect(dueEscalation(buywhere, { severity: "P2", declaredAt }, [], min(119))).toBeNull();
    expect(dueEscalation(buywhere, { severity: "P2", declaredAt }, [], min(120))?.to).toBe("P1");
    expect(dueEscalation(buywhere, { severity: "P0", declaredAt }, [], min(600))).toBeNull();
  });

  it("the clock restarts when the severity changes (reclassified P2 → P1 at +100 min: P0 at +130)", () => {
    const timeline = [ev("declared", 0), ev("reclassified", 100, { from: "P2", to: "P1" })];
    expect(dueEscalation(buywhere, { severity: "P1", declaredAt }, timeline, min(129))).toBeNull();
    expect(dueEscalation(buywhere, { severity: "P1", declaredAt }, timeline, min(130))?.to).toBe("P0");
  });

  it("P0 engagement ladder: due, overdue, done, upcoming", () => {
    const timeline = [ev("declared", 0), ev("engaged", 1, { atMinutes: 0 })];
    const s = escalationState(buywhere, { severity: "P0", declaredAt }, timeline, min(10.5));
    expect(s.engagement.map((e) => [e.atMinutes, e.status])).toEqual([
      [0, "done"],
      [5, "overdue"],
      [10, "due"],
      [20, "upcoming"],
      [30, "upcoming"],
    ]);
    expect(s.next).toBeNull();
  });

  it("next escalation counts down", () => {
    const s = escalationState(buywhere, { severity: "P1", declaredAt }, [], min(25));
    expect(s.next).toEqual({ to: "P0", at: new Date(min(30)).toISOString(), secondsRemaining: 300 });
  });
});

describe("each runbook's own ladder and timers", () => {
  const names = (s: { engagement: { who: string }[] }) => s.engagement.map((e) => e.who).join(" | ");

  it("a Deal Scout CRITICAL shows on-call → senior (15 min) → lead (30 min), never Rex, Bolt or Vera", () => {
    const s = escalationState(dealScout, { severity: "P0", declaredAt }, [], min(15.5));
    expect(s.engagement.map((e) => [e.atMinutes, e.status])).toEqual([
      [0, "overdue"],
      [15, "due"],
      [30, "upcoming"],
      [30, "upcoming"],
    ]);
    expect(names(s)).toMatch(/^On-call engineer.*Senior engineer.*Engineering lead.*Executive \/ customer/);
    expect(names(s)).not.toMatch(/Rex|Bolt|Vera/);
    expect(dealScout.levels.P0.label).toBe("CRITICAL");
  });

  it("Deal Scout HIGH engages the senior engineer at 30 min; no severity changes by itself", () => {
    const s = escalationState(dealScout, { severity: "P1", declaredAt }, [], min(5));
    expect(s.engagement.map((e) => e.atMinutes)).toEqual([0, 30, 60]);
    expect(s.next).toBeNull();
    expect(dueEscalation(dealScout, { severity: "P1", declaredAt }, [], min(600))).toBeNull();
  });

  it.each([
    // CRITICAL resolves within 30 min: the SLA passes long before 2 h open.
    ["CRITICAL", "P0", [], 29, 30, "upcoming"],
    ["CRITICAL", "P0", [], 40, 30, "overdue"],
    // WARNING resolves within 4 h: open 2 h (multi-hour) comes first.
    ["WARNING", "P2", [], 121, 120, "overdue"],
    // Reclassified to HIGH at +100: its 1 h SLA restarts with it, the 2 h open does not (due at +120 = T+20).
    ["reclassified HIGH", "P1", [ev("reclassified", 100)], 110, 20, "upcoming"],
    // Engaged by its id (not by a minute another rung shares), after the severity began.
    ["engaged", "P0", [ev("engaged", 35, { rung: "executive" })], 40, 30, "done"],
    ["engaged at T+30 by minute only", "P0", [ev("engaged", 35, { atMinutes: 30 })], 40, 30, "overdue"],
  ] as const)(
    "Deal Scout's executive rung (003 step 4, a condition): %s",
    (_n, severity, timeline, at, due, status) => {
      const s = escalationState(dealScout, { severity, declaredAt }, timeline, min(at));
      const exec = s.engagement.find((e) => e.rung === "executive");
      expect(exec?.atMinutes).toBe(due);
      expect(exec?.status).toBe(status);
      expect(exec?.when).toMatch(/^unresolved past (30 min|1 h|4 h) \(SLA\) or open 2 h$/);
      expect(exec?.who).toMatch(/^Executive \/ customer/);
    },
  );

  it("a condition rung with nothing to count from is left off (no resolution target, no open time)", () => {
    const scale = severityScaleSchema.parse({
      ...CUSTOMER_INTELLIGENCE_SCALE,
      conditionRungs: [{ id: "exec", who: "CEO", resolveOverdue: true, source: "test" }],
    });
    const s = escalationState(scale, { severity: "P0", declaredAt }, [], min(5));
    expect(s.engagement.some((e) => e.rung === "exec")).toBe(false);
    expect(() =>
      severityScaleSchema.parse({
        ...CUSTOMER_INTELLIGENCE_SCALE,
        conditionRungs: [{ id: "x", who: "y", source: "z" }],
      }),
    ).toThrow(/openMinutes, resolveOverdue or both/);
  });

  it("Deal Scout response and resolution targets: CRITICAL < 2 min and < 30 min", () => {
    const s = escalationState(dealScout, { severity: "P0", declaredAt }, [], min(1));
    expect(s.targets).toEqual([
      { label: "respond", minutes: 2, at: new Date(min(2)).toISOString(), secondsRemaining: 60 },
      { label: "resolve", minutes: 30, at: new Date(min(30)).toISOString(), secondsRemaining: 29 * 60 },
    ]);
  });

  it("the CIA's P0 responds within 15 min; technical lead at 30, CTO at 60", () => {
    const s = escalationState(cia, { severity: "P0", declaredAt }, [], min(0));
    expect(s.targets.map((t) => [t.label, t.minutes])).toEqual([["respond", 15]]);
    expect(s.engagement.map((e) => [e.atMinutes, e.who.split(" (")[0]])).toEqual([
      [0, "On-call engineer"],
      [30, "Technical lead"],
      [60, "CTO"],
    ]);
    expect(names(s)).not.toMatch(/Rex|Bolt|Vera/);
  });

  it("BuyWhere's P0 responds within 5 min (incident §1: immediate, 0–5 min)", () => {
    const s = escalationState(buywhere, { severity: "P0", declaredAt }, [], min(0));
    expect(s.targets).toEqual([expect.objectContaining({ label: "respond", minutes: 5 })]);
    expect(names(s)).toMatch(/^Rex acknowledges/);
  });
});
