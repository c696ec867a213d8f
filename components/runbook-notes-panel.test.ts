import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { noteLines, RunbookNotesPanel } from "@/components/runbook-notes-panel";
import type { RunbookNote } from "@/lib/model/severity-scale-schema";
import { loadRunbook } from "@/lib/runbook/load-runbook";

const draw = (notes: RunbookNote[] | undefined, compact = false) =>
  renderToStaticMarkup(createElement(RunbookNotesPanel, { notes, compact }));
const note: RunbookNote = {
  id: "tee-exit-code",
  topic: "Exit code after | tee",
  sides: "Deploy §2 runs build | tee log, then echo $?",
  took: "Warroom reads no exit code from these commands",
  why: "$? after a pipe is tee's status",
  source: "deploy §2 steps 2, 4",
};

describe("runbook notes panel", () => {
  it("is not drawn when the runbook has no notes (or the stored board predates them)", () => {
    expect(draw([])).toBe("");
    expect(draw(undefined)).toBe("");
  });

  it("the board draws each note: topic, warroom's side, both runbooks' sides, why and where", () => {
    const html = draw([note]);
    expect(html).toContain('data-testid="runbook-notes"');
    expect(html).toContain('data-note="tee-exit-code"');
    expect(html).toContain("Exit code after | tee: Warroom reads no exit code from these commands");
    expect(html).toContain("Runbooks: Deploy §2 runs build | tee log, then echo $?");
    expect(html).toContain("Why: $? after a pipe is tee&#x27;s status (deploy §2 steps 2, 4)");
  });

  it("the TV draws only the topic and warroom's side", () => {
    const html = draw([note], true);
    expect(html).toContain("Exit code after | tee: Warroom reads no exit code");
    expect(html).not.toContain("Runbooks:");
    expect(noteLines(note, true).detail).toEqual([]);
  });

  it("draws every note of each preset that has them", () => {
    for (const preset of ["buywhere-us-launch", "deal-scout", "customer-intelligence"]) {
      const { notes } = loadRunbook({ WARROOM_PRESET: preset }).runbook;
      const html = draw(notes);
      expect(notes.length).toBeGreaterThan(0);
      for (const n of notes) expect(html).toContain(`data-note="${n.id}"`);
    }
    const buywhere = draw(loadRunbook({ WARROOM_PRESET: "buywhere-us-launch" }).runbook.notes);
    for (const topic of ["Severity scale", "Thresholds", "PREV_SHA", "¤cy in URLs", "Launch time UTC offset"])
      expect(buywhere).toContain(topic);
  });
});
