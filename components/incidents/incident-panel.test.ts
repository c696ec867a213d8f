import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IncidentPanel, severityName } from "@/components/incidents/incident-panel";
import type { IncidentsState, Severity } from "@/lib/model/incident";
import { escalationState } from "@/lib/rules/escalation";
import { loadRunbook } from "@/lib/runbook/load-runbook";

const declaredAt = "2026-05-01T09:00:00.000Z";
const nowMs = Date.parse(declaredAt) + 3 * 60_000;

/** The board's incidents section for an active incident of this preset, as the pipeline builds it. */
function incidentsOf(preset: string, severity: Severity): IncidentsState {
  const { scale, id } = loadRunbook({ WARROOM_PRESET: preset }).runbook;
  const levels = {
    P0: { ...scale.levels.P0 },
    P1: { ...scale.levels.P1 },
    P2: { ...scale.levels.P2 },
  };
  return {
    loaded: true,
    error: null,
    scope: `stack:${id}`,
    suggestion: { severity: null, path: ["—"], unknown: [] },
    recent: [],
    scale: { basis: scale.basis, levels },
    active: {
      id: "00000000-0000-4000-8000-000000000001",
      runbookId: id,
      scope: `stack:${id}`,
      severity,
      title: "backend errors",
      status: "active",
      declaredBy: "oncall",
      declaredAt,
      resolvedBy: null,
      resolvedAt: null,
      suggestion: {},
      escalation: escalationState(scale, { severity, declaredAt }, [], nowMs),
      statusUpdate: { dueAt: declaredAt, secondsRemaining: 0, isOverdue: false, lastPostedAt: null },
      timeline: [],
    },
  };
}
const draw = (incidents: IncidentsState) =>
  renderToStaticMarkup(createElement(IncidentPanel, { incidents, timeZone: "UTC", nowMs }));

describe("incident panel: the runbook's own scale", () => {
  it("a Deal Scout CRITICAL shows its label, targets and ladder, never Rex, Bolt or Vera", () => {
    const html = draw(incidentsOf("deal-scout", "P0"));
    expect(html).toContain("P0 · CRITICAL");
    expect(html).toContain("respond within 2 min");
    expect(html).toContain("resolve within 30 min");
    expect(html).toMatch(/T\+0 On-call engineer.*T\+15 Senior engineer.*T\+30 Engineering lead/);
    // 003 step 4, due on a condition: CRITICAL's 30 min resolution time comes before 2 h open.
    expect(html).toMatch(
      /data-rung="executive">T\+30 \(unresolved past 30 min \(SLA\) or open 2 h\) Executive \/ customer: CEO\/VP notified, customer communication · upcoming/,
    );
    expect(html).not.toMatch(/Rex|Bolt|Vera/);
  });

  it("a CIA P1 shows the technical lead and CTO rungs and its 1 h response", () => {
    const html = draw(incidentsOf("customer-intelligence", "P1"));
    expect(html).toContain("respond within 60 min");
    expect(html).toMatch(/T\+30 Technical lead.*T\+60 CTO/);
    expect(html).not.toMatch(/Rex|Bolt|Vera/);
  });

  it("a BuyWhere P1 shows incident §4.2's ladder and the escalation to P0", () => {
    const html = draw(incidentsOf("buywhere-us-launch", "P1"));
    expect(html).toMatch(/T\+10 Rex engaged/);
    expect(html).toContain("→ P0");
  });

  it("names the rank alone when the label is the rank", () => {
    expect(severityName("P1", undefined)).toBe("P1");
    expect(severityName("P1", incidentsOf("buywhere-us-launch", "P1").scale)).toBe("P1");
    expect(severityName("P1", incidentsOf("deal-scout", "P1").scale)).toBe("P1 · HIGH");
  });
});
