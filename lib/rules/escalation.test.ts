import { describe, expect, it } from "vitest";
import type { IncidentEventRecord } from "@/lib/model/incident";
import { dueEscalation, escalationState } from "@/lib/rules/escalation";

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

describe("escalation timers (incident §1, §4.2)", () => {
  it("P1 becomes P0 after 30 min, not before", () => {
    expect(dueEscalation({ severity: "P1", declaredAt }, [], min(29.9))).toBeNull();
    expect(dueEscalation({ severity: "P1", declaredAt }, [], min(30))).toEqual({
      from: "P1",
      to: "P0",
      at: min(30),
    });
  });

  it("P2 becomes P1 after 2 h; P0 never escalates", () => {
    expect(dueEscalation({ severity: "P2", declaredAt }, [], min(119))).toBeNull();
    expect(dueEscalation({ severity: "P2", declaredAt }, [], min(120))?.to).toBe("P1");
    expect(dueEscalation({ severity: "P0", declaredAt }, [], min(600))).toBeNull();
  });

  it("the clock restarts when the severity changes (reclassified P2 → P1 at +100 min: P0 at +130)", () => {
    const timeline = [ev("declared", 0), ev("reclassified", 100, { from: "P2", to: "P1" })];
    expect(dueEscalation({ severity: "P1", declaredAt }, timeline, min(129))).toBeNull();
    expect(dueEscalation({ severity: "P1", declaredAt }, timeline, min(130))?.to).toBe("P0");
  });

  it("P0 engagement ladder: due, overdue, done, upcoming", () => {
    const timeline = [ev("declared", 0), ev("engaged", 1, { atMinutes: 0 })];
    const s = escalationState({ severity: "P0", declaredAt }, timeline, min(10.5));
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
    const s = escalationState({ severity: "P1", declaredAt }, [], min(25));
    expect(s.next).toEqual({ to: "P0", at: new Date(min(30)).toISOString(), secondsRemaining: 300 });
  });
});
