import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ChecklistPanel } from "@/components/incidents/checklist-panel";
import { checklistView } from "@/lib/rules/checklists";
import { loadRunbook } from "@/lib/runbook/load-runbook";

const INCIDENT = "00000000-0000-4000-8000-000000000001";
const { runbook } = loadRunbook({ WARROOM_PRESET: "customer-intelligence" });
const outage = runbook.checklists.find((l) => l.id === "outage");
if (!outage) throw new Error("the CIA preset has no outage checklist");
const person = (id: string) => {
  const p = runbook.people.find((x) => x.id === id);
  if (!p) throw new Error(`no person ${id}`);
  return p;
};

const draw = (me: ReturnType<typeof person> | null) =>
  renderToStaticMarkup(
    createElement(ChecklistPanel, {
      checklists: [checklistView(outage, INCIDENT, [], runbook.people)],
      timeZone: "UTC",
      people: runbook.people,
      me,
      send: me ? async () => true : undefined,
    }),
  );

describe("checklist panel: who may tick what", () => {
  it("the technical lead gets a button for his item and, on the on-call engineer's, who records it", () => {
    const html = draw(person("techlead"));
    expect(html).toContain('data-testid="checklist-tick-outage-memory-limit"');
    expect(html).not.toContain('data-testid="checklist-tick-outage-logs-oom"');
    expect(html).toMatch(
      /data-testid="checklist-denied-outage-logs-oom"[^>]*>recorded by On-call engineer or the incident lead</,
    );
    expect(html).toContain(
      'title="item &quot;logs-oom&quot; is ticked by On-call engineer or the incident lead, not Technical lead"',
    );
  });

  it("the lead may tick every item; the board, with nobody signed in, says nothing of permissions", () => {
    expect(draw(person("oncall"))).not.toContain("checklist-denied-");
    const board = draw(null);
    expect(board).not.toContain("checklist-denied-");
    expect(board).not.toContain("checklist-tick-");
  });
});
