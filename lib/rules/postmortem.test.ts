import { describe, expect, it } from "vitest";
import { minuteByMinute, type PostmortemInput, renderPostmortem } from "@/lib/rules/postmortem";

const at = (hhmmss: string) => `2026-04-23T${hhmmss}.000Z`;
const ms = (hhmmss: string) => Date.parse(at(hhmmss));

describe("post-mortem", () => {
  it("minute by minute: worst level per minute, a row only when it changes", () => {
    const r = (checkId: string, t: string, level: "ok" | "crit" | "warn", value: number) => ({
      checkId,
      level,
      value,
      unit: "%",
      at: ms(t),
    });
    const changes = minuteByMinute([
      r("error-rate", "14:00:05", "ok", 0.2),
      r("error-rate", "14:00:50", "ok", 0.3),
      r("error-rate", "14:01:05", "ok", 0.4),
      r("error-rate", "14:01:35", "crit", 4.1), // one bad reading makes the minute crit
      r("error-rate", "14:02:10", "crit", 4.5),
      r("error-rate", "14:03:10", "ok", 0.5),
      r("latency-p99", "14:00:10", "ok", 300),
      r("latency-p99", "14:02:10", "warn", 2500),
    ]);
    expect(changes.map((c) => `${c.minute.slice(11, 16)} ${c.checkId} ${c.from}→${c.to}`)).toEqual([
      "14:01 error-rate ok→crit",
      "14:02 latency-p99 ok→warn",
      "14:03 error-rate crit→ok",
    ]);
  });

  const input: PostmortemInput = {
    incident: {
      id: "0b7c1b9e-0000-4000-8000-000000000001",
      runbookId: "buywhere-us-launch",
      scope: "stack:buywhere-us-launch",
      severity: "P0",
      title: "5xx after deploy",
      status: "resolved",
      declaredBy: "rex",
      declaredAt: at("14:05:00"),
      resolvedBy: "rex",
      resolvedAt: at("14:47:00"),
      suggestion: {},
    },
    timeline: [
      {
        id: 1,
        at: at("14:05:00"),
        kind: "declared",
        actor: "rex",
        message: "P1 declared: 5xx after deploy",
        data: {},
      },
      {
        id: 2,
        at: at("14:06:00"),
        kind: "rule-fired",
        actor: null,
        message: "rule 5xx > 2% for 5 min fired crit",
        data: {},
      },
      {
        id: 3,
        at: at("14:20:00"),
        kind: "reclassified",
        actor: "rex",
        message: "P1 → P0: health",
        data: { from: "P1", to: "P0" },
      },
      { id: 4, at: at("14:21:00"), kind: "message", actor: "bolt", message: "pgbouncer fine", data: {} },
      {
        id: 5,
        at: at("14:22:00"),
        kind: "status-post",
        actor: "lyra",
        message: "Investigating posted",
        data: {},
      },
      {
        id: 6,
        at: at("14:47:00"),
        kind: "resolved",
        actor: "rex",
        message: "resolved: rolled back",
        data: {},
      },
    ],
    minuteChanges: [
      { minute: at("14:01:00"), checkId: "error-rate", from: "ok", to: "crit", value: 4.1, unit: "%" },
    ],
    metrics: [
      {
        checkId: "error-rate",
        label: "5xx error rate",
        unit: "%",
        detection: { at: at("14:04:58"), level: "crit", value: 4.1 },
        resolution: { at: at("14:46:58"), level: "ok", value: 0.2 },
      },
      { checkId: "latency-p99", label: "P99 latency", unit: "ms", detection: null, resolution: null },
    ],
    rollbacks: [
      {
        id: "7f9d2c1a-aaaa-4bbb-8ccc-000000000002",
        kind: "rollback",
        status: "succeeded",
        outcome: "previous image healthy and verified",
        requestedBy: "rex",
        reason: "5xx > 2% for 5 min after deploy",
        startedAt: at("14:30:00"),
        finishedAt: at("14:31:10"),
        steps: [
          {
            index: 0,
            name: "stop api",
            command: "docker stop buywhere-api-api-1",
            status: "done",
            durationMs: 1200,
            startedAt: at("14:30:01"),
          },
        ],
      },
    ],
    deploys: [
      {
        id: "d1",
        runbookId: "buywhere-us-launch",
        kind: "deploy",
        at: at("13:58:30"),
        container: "buywhere-api-api-1",
        from: { id: "sha256:aaa", tag: "sha-aaa1111" },
        to: { id: "sha256:bbb", tag: "sha-bbb2222" },
        runId: null,
        stateNote:
          "rollback state written: PREV_API_IMAGE=sha-aaa1111 (the image it replaced) in /srv/.rollback_state",
        smoke: {
          startedAt: at("13:58:30"),
          finishedAt: at("13:58:31"),
          note: null,
          results: [
            {
              id: "t1",
              label: "T1 health",
              source: null,
              status: "fail",
              checks: [{ id: "api-health", level: "crit", summary: "HTTP 500" }],
              at: at("13:58:31"),
            },
            {
              id: "t6",
              label: "T6 affiliate redirect",
              source: null,
              status: "pass",
              checks: [],
              at: at("13:58:31"),
            },
          ],
        },
      },
      {
        id: "d2",
        runbookId: "buywhere-us-launch",
        kind: "rollback",
        at: at("14:30:40"),
        container: "buywhere-api-api-1",
        from: { id: "sha256:bbb", tag: "sha-bbb2222" },
        to: { id: "sha256:aaa", tag: "sha-aaa1111" },
        runId: "7f9d2c1a-aaaa-4bbb-8ccc-000000000002",
        stateNote: "rollback state left to warroom's rollback run",
        smoke: null,
      },
    ],
    people: { rex: "Rex", bolt: "Bolt", lyra: "Lyra" },
    timeZone: "America/New_York",
    nowIso: at("15:00:00"),
  };

  it("fills the §6.3 template from storage and leaves root cause and action items to people", () => {
    const md = renderPostmortem(input);
    expect(md).toContain("# Post-Mortem — 5xx after deploy");
    expect(md).toContain("**Date:** 2026-04-23");
    expect(md).toContain("**Severity:** P0 (reclassified P1 → P0 at 10:20)");
    expect(md).toContain("**Duration:** 10:05–10:47 EDT (42 minutes)");
    expect(md).toContain("| 10:01 | error-rate ok → crit (4.10 %) |");
    expect(md).toContain("| 10:30 | rollback started by Rex: 5xx > 2% for 5 min after deploy |");
    expect(md).toContain("| 5xx error rate | 4.10 % (crit) | 0.20 % (ok) |");
    expect(md).toContain("| P99 latency | no reading | no reading |");
    expect(md).toContain("  1. stop api — `docker stop buywhere-api-api-1` — done in 1.2 s");
    expect(md).toContain("- 10:21 Bolt: pgbouncer fine");
    expect(md).toContain("- 10:22 Lyra: Investigating posted");
    expect(md).toContain(
      "## Root Cause\n[Technical explanation of what failed and why — to be written by people]",
    );
    expect(md).toContain("| [task] | [agent] | [date] |");
    expect(md).toContain("- Features affected: error-rate");
    expect(md).toContain(
      "| 09:58 | Deploy detected: buywhere-api-api-1 sha-aaa1111 → sha-bbb2222; smoke 1/2 passed (failed: T1 health) |",
    );
    expect(md).toContain(
      "| 10:30 | warroom rollback recreated: buywhere-api-api-1 sha-bbb2222 → sha-aaa1111 |",
    );
    expect(md).toContain("  - T1 health: fail — HTTP 500");
    expect(md).toMatch(/- 09:58 Deploy detected: .* rollback state written: PREV_API_IMAGE=sha-aaa1111/);
    // Timeline rows are in time order.
    const times = [...md.matchAll(/^\| (\d\d:\d\d) \|/gm)].map((m) => m[1]);
    expect(times).toEqual([...times].sort());
  });

  it("an open incident says so", () => {
    const md = renderPostmortem({
      ...input,
      incident: { ...input.incident, status: "active", resolvedAt: null, resolvedBy: null },
    });
    expect(md).toContain("**Duration:** 10:05–11:00 EDT (55 minutes) — STILL ACTIVE");
  });
});
