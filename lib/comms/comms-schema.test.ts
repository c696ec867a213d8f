import { describe, expect, it } from "vitest";
import { checkTemplateRefs, templateSchema, templatesSchema } from "@/lib/model/comms-schema";
import { runbookSchema } from "@/lib/model/runbook-schema";
import { formatIssues } from "@/lib/runbook/load-runbook";

const BASE = { id: "t", title: "T", channels: ["#ops"], text: "error rate {{e}}" };
const ERR = { key: "e", label: "error rate", source: { from: "check", check: "error-rate" } };

type Case = { name: string; input: unknown; error: string };

const REFUSED: Case[] = [
  {
    name: "a placeholder used but not declared",
    input: { ...BASE },
    error: 'text: uses {{e}} but declares no placeholder "e"',
  },
  {
    name: "a placeholder declared but not used",
    input: { ...BASE, placeholders: [ERR, { key: "x", label: "x", source: { from: "manual" } }] },
    error: 'placeholders[1].key: "x" is not used in text',
  },
  {
    name: "a key declared twice",
    input: { ...BASE, placeholders: [ERR, ERR] },
    error: 'placeholders[1].key: duplicate key "e"',
  },
  {
    name: "an unknown source",
    input: { ...BASE, placeholders: [{ ...ERR, source: { from: "sentry" } }] },
    error: "placeholders[0].source.from",
  },
  {
    name: "a time anchor that does not exist",
    input: {
      ...BASE,
      text: "{{t}}",
      placeholders: [{ key: "t", label: "t", source: { from: "time", at: "t0" } }],
    },
    error: "placeholders[0].source.at",
  },
  {
    name: "no channel",
    input: { ...BASE, channels: [], placeholders: [ERR] },
    error: "channels: needs at least one channel",
  },
  {
    name: "a camelCase key",
    input: { ...BASE, text: "{{errRate}}", placeholders: [{ ...ERR, key: "errRate" }] },
    error: "placeholders[0].key: must be snake_case",
  },
];

describe("template schema", () => {
  it.each(REFUSED)("refuses $name, naming the field", ({ input, error }) => {
    const result = templateSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(formatIssues(result.error)).toContain(error);
  });

  it("fills defaults: internal audience, word status, local time now with its zone", () => {
    const t = templateSchema.parse({
      ...BASE,
      text: "{{t}} {{s}}",
      placeholders: [
        { key: "t", label: "t", source: { from: "time" } },
        { key: "s", label: "s", source: { from: "status" } },
      ],
      cadence: { everyMinutes: 15 },
    });
    expect(t.audience).toBe("internal");
    expect(t.placeholders.map((p) => p.source)).toEqual([
      { from: "time", at: "now", zone: "local", format: "time-zone" },
      { from: "status", style: "word" },
    ]);
    expect(t.cadence).toEqual({ everyMinutes: 15, severities: ["P0", "P1", "P2"] });
  });

  it("refuses two templates with one id", () => {
    const one = { ...BASE, placeholders: [ERR] };
    const result = templatesSchema.safeParse([one, one]);
    expect(result.success).toBe(false);
    if (!result.success) expect(formatIssues(result.error)).toContain('[1].id: duplicate template id "t"');
  });

  it("a runbook without templates gets none; a bad one is refused with the path", () => {
    const rb = {
      id: "rb",
      name: "rb",
      system: "s",
      launch: { local: "2026-04-23T09:00", timeZone: "America/New_York" },
      checks: [{ id: "error-rate", kind: "http", label: "e", url: "http://127.0.0.1:1/metrics" }],
    };
    expect(runbookSchema.parse(rb).templates).toEqual([]);
    const bad = runbookSchema.safeParse({ ...rb, templates: [{ ...BASE, placeholders: [] }] });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(formatIssues(bad.error)).toContain("templates[0].text: uses {{e}}");
  });

  it("cross-references: a template naming a check the runbook lacks", () => {
    const templates = templatesSchema.parse([
      {
        ...BASE,
        text: "{{e}} {{s}}",
        placeholders: [
          ERR,
          { key: "s", label: "s", source: { from: "status", checks: ["api-health", "nope"] } },
        ],
      },
    ]);
    const issues: string[] = [];
    checkTemplateRefs({ checks: [{ id: "api-health" }], templates }, (i) =>
      issues.push(`${i.path.join(".")}: ${i.message}`),
    );
    expect(issues).toEqual([
      'templates.0.placeholders.0.source.check: no check with id "error-rate"',
      'templates.0.placeholders.1.source.checks.1: no check with id "nope"',
    ]);
  });
});
