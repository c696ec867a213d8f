import { describe, expect, it } from "vitest";
import { buildCommsContext } from "@/lib/comms/build-comms-context";
import { findTemplate, listTemplates, statusCadenceMinutes } from "@/lib/comms/list-templates";
import { renderTemplate } from "@/lib/comms/render-template";
import { checkTemplateRefs } from "@/lib/model/comms-schema";
import { loadRunbook } from "@/lib/runbook/load-runbook";
import { HEALTHY_CHECKS, testBoard } from "@/test/support/comms-board";

const { runbook } = loadRunbook({}, new Date("2026-04-23T08:00:00Z"));

function render(id: string, ...args: Parameters<typeof buildCommsContext>) {
  const template = findTemplate(runbook, id);
  if (!template) throw new Error(`no template ${id}`);
  return renderTemplate(template, buildCommsContext(...args));
}

const INCIDENT = {
  severity: "P1",
  title: "search P99 over 3 s",
  declaredAt: "2026-04-23T13:20:00Z",
} as const;
const DEGRADED = HEALTHY_CHECKS.map((c) =>
  c.id === "latency-p99"
    ? { ...c, level: "crit" as const, value: 3400, summary: "3400ms > 2000ms (critical)" }
    : c,
);

describe("BuyWhere templates", () => {
  it("ship with the preset and name only checks it has", () => {
    const ids = listTemplates(runbook).map((t) => t.id);
    expect(ids).toEqual([
      "prelaunch-complete",
      "launch-post",
      "t15-status",
      "t1h-milestone",
      "rollback-launch-day",
      "rollback-incident",
      "rollback-deploy",
      "rollback-complete",
      "status-update",
      "incident-update",
      "public-status",
      "public-resolved",
      "all-clear-launch-day",
      "all-clear-incident",
    ]);
    const issues: string[] = [];
    checkTemplateRefs(runbook, (i) => issues.push(`${i.path.join(".")}: ${i.message}`));
    expect(issues).toEqual([]);
  });

  it("status updates every 15 minutes: the incident runbook's cadence beats launch-day's 30", () => {
    expect(statusCadenceMinutes(runbook, "P1")).toBe(15);
    expect(statusCadenceMinutes({ templates: [] }, "P0")).toBe(15);
  });

  it("launch post at T-0 says EDT, the zone New York is really on", () => {
    expect(render("launch-post", testBoard(HEALTHY_CHECKS)).text).toBe(
      "🚀 BuyWhere US Launch commencing — 09:00 EDT April 23, 2026",
    );
  });

  it("T+15 status from live values; searches left for a person (no GA4 adapter)", () => {
    const got = render("t15-status", testBoard(HEALTHY_CHECKS));
    expect(got.text).toBe(
      "T+15 status: GREEN — latency: 182ms, error rate: 0.12%, searches: [searches — GA4 → Events → search]",
    );
    expect(got.missing).toEqual(["searches"]);
  });

  it("T+1h milestone with the numbers a person typed", () => {
    const got = render("t1h-milestone", testBoard(HEALTHY_CHECKS, "2026-04-23T14:00:00Z"), {
      manual: { searches: "1,240", sessions: "311" },
    });
    expect(got).toMatchObject({
      text: "✅ T+1h milestone: Launch stable. 1,240 searches, 311 sessions, error rate 0.12%.",
      missing: [],
    });
  });

  it("incident update: severity, DEGRADED, impact from the board", () => {
    const got = render("incident-update", testBoard(DEGRADED, "2026-04-23T13:35:00Z"), {
      incident: INCIDENT,
    });
    expect(got.text).toBe(
      [
        "09:35 EDT Incident update — P1",
        "Status: 🟡 DEGRADED",
        "- Impact: P99 latency: 3400ms > 2000ms (critical)",
        "- Root cause: [known / investigating]",
        "- Action taken: [what we've done]",
        '- ETA to resolution: [estimate or "unknown — next update in 15 min"]',
        "— Rex",
      ].join("\n"),
    );
    expect(got.missing).toEqual(["root_cause", "action", "eta"]);
  });

  it("rollback announcement with the confirmed reason and the next update time", () => {
    const got = render("rollback-incident", testBoard(DEGRADED, "2026-04-23T13:42:00Z"), {
      incident: INCIDENT,
      rollback: { reason: "P99 search latency > 3s sustained for > 5 minutes", by: "rex" },
    });
    expect(got).toMatchObject({
      text: [
        "⚠️ ROLLBACK INITIATED — 09:42 EDT",
        "Reason: P99 search latency > 3s sustained for > 5 minutes",
        "Lead: Bolt",
        "ETA to stable: ~15 min",
        "Next update: 09:57 EDT",
        "— Rex",
      ].join("\n"),
      missing: [],
    });
  });

  it("rollback complete: the run's outcome once it ended, never before; the checklist left to a person", () => {
    const board = testBoard(DEGRADED, "2026-04-23T13:50:00Z");
    const reason = "P99 search latency > 3s sustained for > 5 minutes";
    const running = render("rollback-complete", board, { rollback: { reason, by: "rex", outcome: null } });
    expect(running.text).toContain(
      "Run: [run outcome: unknown — rollback outcome (the run has not ended) not recorded]",
    );
    expect(running.missing).toEqual(["outcome", "checklist"]);
    const done = render("rollback-complete", board, {
      rollback: {
        reason,
        by: "rex",
        outcome: "succeeded: buywhere-api-api-1 on sha-6b5d055 healthy and verified",
      },
    });
    expect(done.text.split("\n").slice(0, 3)).toEqual([
      "✅ 09:50 EDT Rollback complete",
      `Reason: ${reason}`,
      "Run: succeeded: buywhere-api-api-1 on sha-6b5d055 healthy and verified",
    ]);
  });

  it("all-clear with duration in the real zone, and the public resolution in UTC", () => {
    const incident = { ...INCIDENT, resolvedAt: "2026-04-23T14:02:30Z" };
    const board = testBoard(HEALTHY_CHECKS, "2026-04-23T14:05:00Z");
    const manual = {
      root_cause: "slow query after deploy",
      fix: "rolled back to sha-4f2a",
      postmortem_due: "April 24",
    };
    const clear = render("all-clear-incident", board, { incident, manual });
    expect(clear.text).toBe(
      [
        "✅ 10:05 EDT All-clear — P1 resolved",
        "Incident: search P99 over 3 s",
        "Duration: 09:20–10:02 EDT (43 minutes)",
        "Root cause: slow query after deploy",
        "Fix applied: rolled back to sha-4f2a",
        "Post-mortem: due by April 24",
        "— Rex",
      ].join("\n"),
    );
    expect(clear.missing).toEqual([]);
    const resolved = render("public-resolved", board, {
      incident,
      manual: { root_cause: "a slow database query" },
    });
    expect(resolved.text.split("\n").slice(0, 3)).toEqual([
      "14:05 UTC Resolved — API restored",
      "The API is fully operational. Impact window: 13:20–14:02 UTC.",
      "Root cause: a slow database query.",
    ]);
  });

  it("before the first reading every live value says so, and no placeholder is left raw", () => {
    const board = testBoard(
      HEALTHY_CHECKS.map((c) => ({ ...c, level: "unknown" as const, value: null, collectedAt: null })),
    );
    for (const template of listTemplates(runbook)) {
      const got = renderTemplate(template, buildCommsContext(board));
      expect(got.text, template.id).not.toMatch(/\{\{|\}\}/);
      const keys = template.placeholders.map((p) => p.key);
      expect(
        got.missing.every((k) => keys.includes(k)),
        template.id,
      ).toBe(true);
    }
    expect(render("t15-status", board).text).toContain(
      "[status: unknown — no current reading for API /health",
    );
  });
});
