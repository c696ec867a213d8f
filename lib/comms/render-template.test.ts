import { describe, expect, it } from "vitest";
import { buildCommsContext, type CommsExtra } from "@/lib/comms/build-comms-context";
import { renderTemplate } from "@/lib/comms/render-template";
import type { CheckState } from "@/lib/model/board";
import { type PlaceholderInput, templateSchema } from "@/lib/model/comms-schema";
import { HEALTHY_CHECKS, testBoard, testCheck } from "@/test/support/comms-board";

const DECLARED = "2026-04-23T13:20:00.000Z";
const P1 = { severity: "P1", title: "search slow", declaredAt: DECLARED } as const;

function with1(id: string, patch: Partial<CheckState>): CheckState[] {
  return HEALTHY_CHECKS.map((c) => (c.id === id ? { ...c, ...patch } : c));
}

type Case = {
  name: string;
  text: string;
  placeholders: PlaceholderInput[];
  checks?: CheckState[];
  extra?: CommsExtra;
  want: string;
  missing?: string[];
};

const ERR = { key: "e", label: "error rate", source: { from: "check", check: "error-rate" } } as const;
type TimeSource = Omit<Extract<PlaceholderInput["source"], { from: "time" }>, "from">;
const TIME = (source: TimeSource): PlaceholderInput[] => [
  { key: "t", label: "time", source: { from: "time", ...source } },
];
const STATUS = (style?: "word" | "emoji", checks?: string[]): PlaceholderInput[] => [
  { key: "s", label: "status", source: { from: "status", style, checks } },
];

const CASES: Case[] = [
  // Check values
  {
    name: "percent sticks to the number",
    text: "error rate: {{e}}",
    placeholders: [ERR],
    want: "error rate: 0.12%",
  },
  {
    name: "ms sticks, rounded like the board",
    text: "latency: {{l}}",
    placeholders: [{ key: "l", label: "P50 latency", source: { from: "check", check: "latency-p50" } }],
    want: "latency: 182ms",
  },
  {
    name: "a word unit is spaced; the template may override the unit",
    text: "{{a}} / {{b}}",
    placeholders: [
      { key: "a", label: "a", source: { from: "check", check: "search-iphone" } },
      { key: "b", label: "b", source: { from: "check", check: "search-iphone", unit: " hits" } },
    ],
    want: "48 results / 48 hits",
  },
  {
    name: "a crit value is still a true value",
    text: "error rate: {{e}}",
    placeholders: [ERR],
    checks: with1("error-rate", { level: "crit", value: 7.5 }),
    want: "error rate: 7.5%",
  },
  {
    name: "never read: unknown, not zero",
    text: "error rate: {{e}}",
    placeholders: [ERR],
    checks: with1("error-rate", {
      level: "unknown",
      value: null,
      collectedAt: null,
      summary: "no reading yet",
    }),
    want: "error rate: [error rate: unknown — no reading yet]",
    missing: ["e"],
  },
  {
    name: "stale reading: unknown with its age",
    text: "error rate: {{e}}",
    placeholders: [ERR],
    checks: with1("error-rate", {
      level: "unknown",
      value: null,
      summary: "stale: last reading 2 min 5 s ago (collector stopped)",
      stale: { ageMs: 125_000, reason: "stale: last reading 2 min 5 s ago (collector stopped)" },
    }),
    want: "error rate: [error rate: unknown — stale: last reading 2 min 5 s ago (collector stopped)]",
    missing: ["e"],
  },
  {
    name: "unreachable metrics: unknown with the probe's reason",
    text: "error rate: {{e}}",
    placeholders: [ERR],
    checks: with1("error-rate", { level: "unknown", value: null, summary: "connection refused" }),
    want: "error rate: [error rate: unknown — no reading — connection refused]",
    missing: ["e"],
  },
  {
    name: "a check the board does not have",
    text: "{{x}}",
    placeholders: [{ key: "x", label: "sessions", source: { from: "check", check: "ga4-sessions" } }],
    want: '[sessions: unknown — no check "ga4-sessions" on this board]',
    missing: ["x"],
  },
  // Status colour
  { name: "all ok: GREEN", text: "{{s}}", placeholders: STATUS(), want: "GREEN" },
  {
    name: "a warning: YELLOW",
    text: "{{s}}",
    placeholders: STATUS(),
    checks: with1("latency-p50", { level: "warn" }),
    want: "YELLOW",
  },
  {
    name: "a critical: RED, even with another check unknown",
    text: "{{s}}",
    placeholders: STATUS(),
    checks: with1("error-rate", { level: "crit" }).map((c) =>
      c.id === "api-health" ? { ...c, level: "unknown" as const } : c,
    ),
    want: "RED",
  },
  {
    name: "an unknown check could hide a red: no colour claimed",
    text: "{{s}}",
    placeholders: STATUS(),
    checks: with1("error-rate", { level: "unknown", value: null }),
    want: "[status: unknown — no current reading for 5xx error rate]",
    missing: ["s"],
  },
  {
    name: "only the listed checks count",
    text: "{{s}}",
    placeholders: STATUS("word", ["api-health", "error-rate"]),
    checks: with1("latency-p50", { level: "crit" }),
    want: "GREEN",
  },
  {
    name: "an active P1 makes it RED",
    text: "{{s}}",
    placeholders: STATUS(),
    extra: { incident: P1 },
    want: "RED",
  },
  {
    name: "an active P2 makes it YELLOW",
    text: "{{s}}",
    placeholders: STATUS(),
    extra: { incident: { ...P1, severity: "P2" } },
    want: "YELLOW",
  },
  {
    name: "a resolved incident no longer colours it",
    text: "{{s}}",
    placeholders: STATUS(),
    extra: { incident: { ...P1, resolvedAt: "2026-04-23T13:50:00Z" } },
    want: "GREEN",
  },
  {
    name: "emoji style",
    text: "{{s}} all good",
    placeholders: STATUS("emoji"),
    checks: with1("error-rate", { level: "warn" }),
    want: "🟡 all good",
  },
  // Incident status (incident §5.1)
  {
    name: "P0 with a red check: DOWN",
    text: "Status: {{i}}",
    placeholders: [{ key: "i", label: "status", source: { from: "incident-status" } }],
    checks: with1("api-health", { level: "crit" }),
    extra: { incident: { ...P1, severity: "P0" } },
    want: "Status: 🔴 DOWN",
  },
  {
    name: "P1 with a red check: DEGRADED",
    text: "Status: {{i}}",
    placeholders: [{ key: "i", label: "status", source: { from: "incident-status" } }],
    checks: with1("latency-p99", { level: "crit" }),
    extra: { incident: P1 },
    want: "Status: 🟡 DEGRADED",
  },
  {
    name: "everything ok again: RECOVERING",
    text: "Status: {{i}}",
    placeholders: [{ key: "i", label: "status", source: { from: "incident-status" } }],
    extra: { incident: P1 },
    want: "Status: 🟢 RECOVERING",
  },
  {
    name: "no incident: no status",
    text: "Status: {{i}}",
    placeholders: [{ key: "i", label: "status", source: { from: "incident-status" } }],
    want: "Status: [status: unknown — no active incident]",
    missing: ["i"],
  },
  // Failing checks
  {
    name: "what is broken, from the board's own summaries",
    text: "Impact: {{f}}",
    placeholders: [{ key: "f", label: "impact", source: { from: "failing-checks" } }],
    checks: with1("error-rate", { level: "crit", summary: "7.5% > 1%" }).map((c) =>
      c.id === "api-health" ? { ...c, level: "warn" as const, summary: "HTTP 200 in 2400 ms" } : c,
    ),
    want: "Impact: API /health: HTTP 200 in 2400 ms; 5xx error rate: 7.5% > 1%",
  },
  {
    name: "nothing failing: the template's own words",
    text: "T-2h. {{f}}",
    placeholders: [{ key: "f", label: "result", source: { from: "failing-checks", okText: "All green." } }],
    want: "T-2h. All green.",
  },
  // Time
  { name: "now, local: EDT in April", text: "{{t}}", placeholders: TIME({}), want: "09:15 EDT" },
  {
    name: "now, local: EST in January",
    text: "{{t}}",
    placeholders: TIME({}),
    extra: { now: "2026-01-15T14:05:00Z" },
    want: "09:05 EST",
  },
  { name: "UTC", text: "{{t}}", placeholders: TIME({ zone: "utc" }), want: "13:15 UTC" },
  { name: "bare clock", text: "{{t}}", placeholders: TIME({ format: "time" }), want: "09:15" },
  { name: "zone alone", text: "{{t}}", placeholders: TIME({ format: "zone" }), want: "EDT" },
  {
    name: "launch date",
    text: "{{t}}",
    placeholders: TIME({ at: "launch", format: "date" }),
    want: "April 23, 2026",
  },
  { name: "launch time", text: "{{t}}", placeholders: TIME({ at: "launch" }), want: "09:00 EDT" },
  {
    name: "next update: 15 min from now",
    text: "{{t}}",
    placeholders: TIME({ at: "next-update" }),
    want: "09:30 EDT",
  },
  {
    name: "next update follows the runbook's cadence",
    text: "{{t}}",
    placeholders: TIME({ at: "next-update" }),
    extra: { cadenceMinutes: 30 },
    want: "09:45 EDT",
  },
  {
    name: "incident start",
    text: "{{t}}",
    placeholders: TIME({ at: "incident-start", zone: "utc", format: "time" }),
    extra: { incident: P1 },
    want: "13:20",
  },
  {
    name: "incident end while unresolved",
    text: "{{t}}",
    placeholders: TIME({ at: "incident-end" }),
    extra: { incident: P1 },
    want: "[time: unknown — incident not resolved yet]",
    missing: ["t"],
  },
  {
    name: "incident start without an incident",
    text: "{{t}}",
    placeholders: TIME({ at: "incident-start" }),
    want: "[time: unknown — no active incident]",
    missing: ["t"],
  },
  // Incident and rollback facts
  {
    name: "duration in minutes",
    text: "({{n}} minutes)",
    placeholders: [{ key: "n", label: "duration", source: { from: "incident-duration" } }],
    extra: { incident: { ...P1, resolvedAt: "2026-04-23T14:02:30Z" } },
    want: "(43 minutes)",
  },
  {
    name: "severity and title",
    text: "{{sev}}: {{title}}",
    placeholders: [
      { key: "sev", label: "severity", source: { from: "incident", field: "severity" } },
      { key: "title", label: "incident", source: { from: "incident", field: "title" } },
    ],
    extra: { incident: P1 },
    want: "P1: search slow",
  },
  {
    name: "a field nobody recorded",
    text: "{{p}}",
    placeholders: [{ key: "p", label: "phase", source: { from: "incident", field: "phase" } }],
    extra: { incident: P1 },
    want: "[phase: unknown — incident phase not recorded]",
    missing: ["p"],
  },
  {
    name: "the reason typed at the rollback confirmation",
    text: "Reason: {{r}}",
    placeholders: [{ key: "r", label: "reason", source: { from: "rollback", field: "reason" } }],
    extra: { rollback: { reason: "Error rate >5% sustained 10min, root cause unknown", by: "rex" } },
    want: "Reason: Error rate >5% sustained 10min, root cause unknown",
  },
  {
    name: "no rollback decided",
    text: "Reason: {{r}}",
    placeholders: [{ key: "r", label: "reason", source: { from: "rollback", field: "reason" } }],
    want: "Reason: [reason: unknown — no rollback decision]",
    missing: ["r"],
  },
  // Left for a person
  {
    name: "a blank keeps the runbook's hint",
    text: "Root cause: {{rc}}",
    placeholders: [{ key: "rc", label: "root cause", source: { from: "manual", hint: "brief" } }],
    want: "Root cause: [brief]",
    missing: ["rc"],
  },
  {
    name: "no hint: the label",
    text: "Root cause: {{rc}}",
    placeholders: [{ key: "rc", label: "root cause", source: { from: "manual" } }],
    want: "Root cause: [root cause]",
    missing: ["rc"],
  },
  {
    name: "filled in by a person",
    text: "Root cause: {{rc}}",
    placeholders: [{ key: "rc", label: "root cause", source: { from: "manual", hint: "brief" } }],
    extra: { manual: { rc: "  pool exhausted by a slow query  " } },
    want: "Root cause: pool exhausted by a slow query",
  },
  {
    name: "whitespace is not an answer",
    text: "Root cause: {{rc}}",
    placeholders: [{ key: "rc", label: "root cause", source: { from: "manual", hint: "brief" } }],
    extra: { manual: { rc: "   " } },
    want: "Root cause: [brief]",
    missing: ["rc"],
  },
  {
    name: "a typed value never overrides a live one",
    text: "{{e}}",
    placeholders: [ERR],
    extra: { manual: { e: "0%" } },
    want: "0.12%",
  },
  {
    name: "a key used twice is listed once",
    text: "{{e}} and {{e}}",
    placeholders: [ERR],
    checks: with1("error-rate", { level: "unknown", value: null, collectedAt: null }),
    want: "[error rate: unknown — no reading yet] and [error rate: unknown — no reading yet]",
    missing: ["e"],
  },
];

describe("renderTemplate", () => {
  it.each(CASES)("$name", ({ text, placeholders, checks, extra, want, missing }) => {
    const template = templateSchema.parse({ id: "t", title: "t", channels: ["#x"], text, placeholders });
    const ctx = buildCommsContext(testBoard(checks ?? HEALTHY_CHECKS), extra);
    const got = renderTemplate(template, ctx);
    expect(got.text).toBe(want);
    expect(got.missing).toEqual(missing ?? []);
  });

  it("an undeclared placeholder (template built without the schema) is shown, not dropped", () => {
    const ctx = buildCommsContext(testBoard(HEALTHY_CHECKS));
    const got = renderTemplate({ text: "ETA {{eta}}", placeholders: [] }, ctx);
    expect(got).toMatchObject({ text: "ETA [eta: unknown — placeholder not declared]", missing: ["eta"] });
  });

  it("reports every field with its value or the reason it is missing", () => {
    const template = templateSchema.parse({
      id: "t",
      title: "t",
      channels: ["#x"],
      text: "{{e}} {{rc}}",
      placeholders: [ERR, { key: "rc", label: "root cause", source: { from: "manual" } }],
    });
    const got = renderTemplate(template, buildCommsContext(testBoard(HEALTHY_CHECKS)));
    expect(got.fields).toEqual([
      { key: "e", label: "error rate", from: "check", value: "0.12%", reason: null, isManual: false },
      {
        key: "rc",
        label: "root cause",
        from: "manual",
        value: null,
        reason: "left for a person",
        isManual: true,
      },
    ]);
  });

  it("serves another company's template (Customer Intelligence API P0, runbook 004)", () => {
    const template = templateSchema.parse({
      id: "p0-outage",
      title: "P0 incident",
      channels: ["Slack", "Email"],
      text: "🚨 P0 INCIDENT: API Outage\n\nStatus: {{phase}}\nStarted: {{started}} UTC\nImpact: All API requests failing\nETA: {{eta}}",
      placeholders: [
        { key: "phase", label: "status", source: { from: "incident", field: "phase" } },
        {
          key: "started",
          label: "start",
          source: { from: "time", at: "incident-start", zone: "utc", format: "time" },
        },
        { key: "eta", label: "ETA", source: { from: "manual", hint: "TIME] or [UNKNOWN" } },
      ],
    });
    const ctx = buildCommsContext(testBoard([testCheck("api", "API", "crit", null, null)]), {
      incident: { severity: "P0", phase: "INVESTIGATING", declaredAt: DECLARED },
      manual: { eta: "UNKNOWN" },
    });
    expect(renderTemplate(template, ctx).text).toBe(
      "🚨 P0 INCIDENT: API Outage\n\nStatus: INVESTIGATING\nStarted: 13:20 UTC\nImpact: All API requests failing\nETA: UNKNOWN",
    );
  });
});
