import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCommsContext } from "@/lib/comms/build-comms-context";
import { findTemplate, listTemplates, statusCadenceMinutes } from "@/lib/comms/list-templates";
import { renderTemplate } from "@/lib/comms/render-template";
import { checkTemplateRefs } from "@/lib/model/comms-schema";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { buildCustomerIntelligence } from "@/lib/runbook/presets/customer-intelligence";
import { HEALTHY_CHECKS, testBoard } from "@/test/support/comms-board";

const runbook = parseRunbook(buildCustomerIntelligence({}), "preset customer-intelligence");
const board = testBoard(HEALTHY_CHECKS, "2026-05-01T10:05:00.000Z");

function render(id: string, extra: Parameters<typeof buildCommsContext>[1]) {
  const template = findTemplate(runbook, id);
  if (!template) throw new Error(`no template ${id}`);
  return renderTemplate(template, buildCommsContext(board, extra));
}

describe("Customer Intelligence templates (004)", () => {
  it("ship with the preset and name only checks it has", () => {
    expect(listTemplates(runbook).map((t) => t.id)).toEqual(["p0-outage", "p1-degraded", "incident-record"]);
    const issues: string[] = [];
    checkTemplateRefs(runbook, (i) => issues.push(`${i.path.join(".")}: ${i.message}`));
    expect(issues).toEqual([]);
  });

  it("P0 updates every 15 minutes, P1 every 30; P2 has no template, so the default clock", () => {
    expect(statusCadenceMinutes(runbook, "P0")).toBe(15);
    expect(statusCadenceMinutes(runbook, "P1")).toBe(30);
    expect(statusCadenceMinutes(runbook, "P2")).toBe(15);
  });

  it("P0: start and next update from the incident, in UTC; the rest left for a person", () => {
    const got = render("p0-outage", {
      incident: { severity: "P0", title: "API 503", declaredAt: "2026-05-01T09:58:00Z" },
      cadenceMinutes: 15,
      manual: { status: "INVESTIGATING", root_cause: "pool exhausted", action: "railway restart" },
    });
    expect(got.text).toBe(
      '🚨 P0 INCIDENT: API Outage\n\nStatus: INVESTIGATING\nStarted: 09:58 UTC\nImpact: All API requests failing\nETA: [TIME or UNKNOWN]\n\nRoot Cause: pool exhausted\nCurrent Action: railway restart\n\nNext Update: 10:20 UTC or "When resolved"\n\nStatus Page: https://status.yourdomain.com',
    );
    expect(got.missing).toEqual(["eta"]);
  });

  it("P1: the runbook's words, next update 30 minutes on", () => {
    const got = render("p1-degraded", {
      incident: { severity: "P1", title: "slow", declaredAt: "2026-05-01T09:50:00Z" },
      cadenceMinutes: 30,
    });
    expect(got.text).toMatch(
      /^⚠️ P1 INCIDENT: Degraded Performance\n\nStatus: \[INVESTIGATING \/ IDENTIFIED \/ MONITORING\]\nStarted: 09:50 UTC\n/,
    );
    expect(got.text).toMatch(/\nWorkaround: System is functional, just slower\nNext Update: 10:35 UTC$/);
  });

  it("incident record: name, date, severity and duration from the incident", () => {
    const got = render("incident-record", {
      incident: {
        severity: "P2",
        title: "customer data stale",
        declaredAt: "2026-05-01T08:00:00Z",
        resolvedAt: "2026-05-01T08:42:00Z",
      },
    });
    expect(got.text).toMatch(
      /^# Incident: customer data stale\n\n\*\*Date:\*\* May 1, 2026\n\*\*Severity:\*\* P2\n\*\*Duration:\*\* 08:00 UTC - 08:42 UTC \(42 min\)\n/,
    );
    expect(got.missing).toContain("root_cause");
  });

  it.skipIf(!existsRunbooks())("word for word: every fixed line is in 004", () => {
    const file = readFileSync(resolve(runbooksDir(), "004_15fe2d695f2bad5c.txt"), "utf8").replace(
      /\uFFFD/g,
      "",
    );
    for (const t of listTemplates(runbook)) {
      for (const line of t.text.split("\n")) {
        const fixed = line
          .replace(/\{\{[a-z_]+\}\}/g, "\u0000")
          .split("\u0000")
          .map((s) => s.trim());
        for (const piece of fixed.filter((p) => p.length > 3 && !/🚨|⚠️/u.test(p)))
          expect(file, `${t.id}: "${piece}"`).toContain(piece);
      }
    }
  });
});

function runbooksDir(): string {
  return resolve(process.cwd(), process.env.WARROOM_RUNBOOKS_DIR ?? "../shared/runbooks");
}
function existsRunbooks(): boolean {
  try {
    readFileSync(resolve(runbooksDir(), "004_15fe2d695f2bad5c.txt"));
    return true;
  } catch {
    return false;
  }
}
