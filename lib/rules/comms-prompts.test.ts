import { describe, expect, it } from "vitest";
import type { IncidentEventRecord } from "@/lib/model/incident";
import { commsPrompts } from "@/lib/rules/comms-prompts";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { PRESETS } from "@/lib/runbook/presets";

const runbook = parseRunbook(PRESETS["buywhere-us-launch"]({}), "preset");
const T0 = Date.parse("2026-04-23T14:10:00.000Z");
const min = (m: number) => T0 + m * 60_000;
const iso = (m: number) => new Date(min(m)).toISOString();
const ev = (atMin: number, kind: string, data: Record<string, unknown>): IncidentEventRecord => ({
  id: atMin,
  at: iso(atMin),
  kind,
  actor: "rex",
  message: kind,
  data,
});
const byId = (prompts: ReturnType<typeof commsPrompts>, id: string) => prompts.find((p) => p.id === id);

describe("BuyWhere comms prompts: public status at 15 min (incident §5.2), DM Vera (incident §4.1, launch-day §4.3)", () => {
  const incident = { severity: "P0" as const, declaredAt: iso(0) };

  it("the public status post is due once the outage passes 15 min, and done when posted", () => {
    expect(byId(commsPrompts(runbook.prompts, incident, [], min(14.9)), "public-status")).toMatchObject({
      status: "upcoming",
      dueAt: iso(15),
      template: "public-status",
    });
    expect(byId(commsPrompts(runbook.prompts, incident, [], min(15)), "public-status")?.status).toBe("due");
    const posted = [ev(16, "status-post", { template: "public-status", via: "comms" })];
    expect(byId(commsPrompts(runbook.prompts, incident, posted, min(40)), "public-status")).toMatchObject({
      status: "done",
      dueAt: null,
      lastAnsweredAt: iso(16),
    });
    // An internal update does not answer the public post.
    const internal = [ev(16, "status-post", { template: "incident-update" })];
    expect(byId(commsPrompts(runbook.prompts, incident, internal, min(40)), "public-status")?.status).toBe(
      "due",
    );
  });

  it("Vera's DM: first when a P1 is 30 min old (incident §4.1), then every 15 min from the last one noted", () => {
    const p1 = { severity: "P1" as const, declaredAt: iso(0) };
    const vera = (timeline: IncidentEventRecord[], at: number) =>
      byId(commsPrompts(runbook.prompts, p1, timeline, min(at)), "vera-dm");
    expect(vera([], 29)).toMatchObject({ status: "upcoming", dueAt: iso(30), to: "vera" });
    expect(vera([], 30)?.status).toBe("due");
    const dm = [ev(31, "message", { prompt: "vera-dm" })];
    expect(vera(dm, 40)).toMatchObject({ status: "upcoming", dueAt: iso(46), lastAnsweredAt: iso(31) });
    expect(vera(dm, 46)?.status).toBe("due");
    // Escalated to P0 at 30 min (incident §1): still prompted.
    expect(
      byId(commsPrompts(runbook.prompts, { ...p1, severity: "P0" }, [], min(30)), "vera-dm")?.status,
    ).toBe("due");
  });

  it("a P2 gets neither; a note from an earlier incident does not count", () => {
    expect(commsPrompts(runbook.prompts, { ...incident, severity: "P2" }, [], min(60))).toEqual([]);
    const old = [ev(-5, "message", { prompt: "vera-dm" })];
    expect(byId(commsPrompts(runbook.prompts, incident, old, min(31)), "vera-dm")?.status).toBe("due");
  });

  it("every prompt names a template and a person the runbook has", () => {
    for (const p of runbook.prompts) {
      if (p.template) expect(runbook.templates.map((t) => t.id)).toContain(p.template);
      if (p.to) expect(runbook.people.map((x) => x.id)).toContain(p.to);
    }
    expect(runbook.prompts.map((p) => p.id)).toEqual(["public-status", "vera-dm"]);
  });
});
