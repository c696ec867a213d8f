import { describe, expect, it } from "vitest";
import type { IncidentEventRecord } from "@/lib/model/incident";
import { type PostmortemInput, renderPostmortem } from "@/lib/rules/postmortem";
import { countTraffic, detectionLines, impactLines, reviewDueLine } from "@/lib/rules/postmortem-sections";

const at = (hhmmss: string) => `2026-04-23T${hhmmss}.000Z`;
const ms = (hhmmss: string) => Date.parse(at(hhmmss));
const hhmm = (iso: string) => iso.slice(11, 16);
const ev = (t: string, kind: string, message: string, actor: string | null = null): IncidentEventRecord => ({
  id: ms(t),
  at: at(t),
  kind,
  actor,
  message,
  data: {},
});

describe("post-mortem impact: requests counted from the error-rate readings", () => {
  const summary = (errors: number, total: number) =>
    `error rate ${((100 * errors) / total).toFixed(1)}% over 60 s (${errors} of ${total} requests 5xx)`;

  it("counts non-overlapping windows only: a reading every 5 s is one minute counted once", () => {
    // Readings every 5 s for 3 minutes, each over the last 60 s: three windows do not overlap.
    const readings = Array.from({ length: 37 }, (_, i) => ({
      at: ms("14:00:00") + i * 5000,
      summary: summary(30, 600),
    }));
    const t = countTraffic("error-rate", readings, ms("14:00:00"), ms("14:03:00"));
    expect(t).toEqual({
      requests: 1800,
      failed: 90,
      coveredMs: 180_000,
      spanMs: 180_000,
      checkId: "error-rate",
    });
  });

  it("readings without counts (no requests, unknown) and readings outside the span are left out; none → null", () => {
    const t = countTraffic(
      "error-rate",
      [
        { at: ms("13:50:00"), summary: summary(500, 500) },
        { at: ms("14:01:00"), summary: "no requests in window (60 s)" },
        { at: ms("14:02:00"), summary: summary(1, 100) },
      ],
      ms("14:00:00"),
      ms("14:10:00"),
    );
    expect(t).toMatchObject({ requests: 100, failed: 1, coveredMs: 60_000, spanMs: 600_000 });
    expect(
      countTraffic("error-rate", [{ at: ms("14:01:00"), summary: "" }], ms("14:00:00"), ms("14:05:00")),
    ).toBeNull();
  });

  it("impact lines: duration, requests with their coverage, users left for people with the reason", () => {
    const lines = impactLines(
      42,
      { requests: 1800, failed: 90, coveredMs: 180_000, spanMs: 2_520_000, checkId: "error-rate" },
      ["error-rate"],
    );
    expect(lines).toEqual([
      "- Duration: 42 minutes",
      "- Requests: 90 of 1800 failed with 5xx (5%), counted from error-rate's readings over 3 of 42 minutes",
      "- Users affected: not counted by the API's metrics — [estimate]",
      "- Features affected: error-rate",
    ]);
    expect(impactLines(5, null, [])[1]).toContain("[estimate]");
  });
});

describe("post-mortem detection (incident §6.2)", () => {
  it("names the first alert and the first failing check, and how long before the declaration", () => {
    const lines = detectionLines(
      at("14:05:00"),
      "Rex",
      [ev("14:04:00", "rule-fired", "rule 5xx > 2% for 5 min fired crit"), ev("14:05:00", "declared", "P1")],
      [{ minute: at("14:01:00"), checkId: "error-rate", from: "ok", to: "crit", value: 4, unit: "%" }],
      hhmm,
    );
    expect(lines).toEqual([
      "- Alert: rule 5xx > 2% for 5 min fired crit at 14:04 (warroom's rule)",
      "- First failing check: error-rate ok → crit at 14:01",
      "- Declared at 14:05 by Rex, 4 minutes after the first sign",
    ]);
  });

  it("no alert and nothing failing before the declaration: a person found it, and is asked how", () => {
    const lines = detectionLines(
      at("14:05:00"),
      "Rex",
      [ev("14:10:00", "rule-fired", "later rule")],
      [{ minute: at("14:08:00"), checkId: "api-health", from: "ok", to: "crit", value: null, unit: null }],
      hhmm,
    );
    expect(lines[0]).toMatch(/^- No alert and no failing check before the declaration: found by a person/);
    expect(lines[1]).toBe("- Declared at 14:05 by Rex");
  });
});

describe("post-mortem review due (Customer Intelligence: within 48 h; incident §6.2: 24 h)", () => {
  it("counts down from the resolution, then says overdue", () => {
    const line = (now: string) => reviewDueLine(at("14:00:00"), 48, now, hhmm, (iso) => iso.slice(0, 10));
    expect(line(at("15:00:00"))).toBe("**Review due:** 2026-04-25 14:00 (48 h after resolution; in 47 h)");
    expect(line("2026-04-25T16:00:00.000Z")).toContain("OVERDUE by 2 h");
    expect(reviewDueLine(null, 48, at("15:00:00"), hhmm, hhmm)).toContain("not resolved yet");
    expect(reviewDueLine(at("14:00:00"), null, at("15:00:00"), hhmm, hhmm)).toBeNull();
  });

  it("renders in the post-mortem with the Detection heading and the counted requests", () => {
    const input: PostmortemInput = {
      incident: {
        id: "0b7c1b9e-0000-4000-8000-000000000009",
        runbookId: "customer-intelligence",
        scope: "stack:customer-intelligence",
        severity: "P1",
        title: "sync stale",
        status: "resolved",
        declaredBy: "rex",
        declaredAt: at("14:05:00"),
        resolvedBy: "rex",
        resolvedAt: at("14:35:00"),
        suggestion: {},
      },
      timeline: [ev("14:03:00", "rule-fired", "rule 5xx fired warn")],
      minuteChanges: [],
      metrics: [],
      rollbacks: [],
      deploys: [],
      people: { rex: "Rex" },
      timeZone: "UTC",
      nowIso: at("15:00:00"),
      traffic: { requests: 1000, failed: 20, coveredMs: 1_800_000, spanMs: 1_800_000, checkId: "error-rate" },
      reviewDueHours: 48,
    };
    const md = renderPostmortem(input);
    expect(md).toContain("**Review due:** 2026-04-25 14:35 (48 h after resolution; in 48 h)");
    expect(md).toContain(
      "## Detection\n- Alert: rule 5xx fired warn at 14:03 (warroom's rule)\n- Declared at 14:05 by Rex, 2 minutes after the first sign",
    );
    expect(md).toContain(
      "- Requests: 20 of 1000 failed with 5xx (2%), counted from error-rate's readings over 30 of 30 minutes",
    );
  });
});
