import { z } from "zod";

/** What kind of runbook item a row is. */
export const ITEM_TYPES = [
  "check",
  "threshold",
  "gate",
  "trigger",
  "milestone",
  "tick",
  "action",
  "message",
  "escalation",
  "severity",
  "post-incident",
] as const;

/**
 * How a server can meet it: measured (a probe reads it), executed (warroom does or computes it), manual
 * (a person ticks it, with its owner), external (another system: an adapter, or a manual entry).
 */
export const ITEM_CLASSES = [
  "measured",
  "executed",
  "manual",
  "external-adapter",
  "external-manual",
] as const;
export type ItemClass = (typeof ITEM_CLASSES)[number];

/** Automatable items are the ones the totals count. */
export const AUTOMATABLE: readonly ItemClass[] = ["measured", "executed"];

export const ITEM_STATUSES = ["implemented", "partial", "missing"] as const;

/**
 * Where warroom implements an item: `check:<id>`, `trigger:<id>`, `gate:<id>`, `checkpoint:<id>` (a Go/Hold
 * call before the launch's), `slack-channel:<#channel>`, `item:<milestone>/<item>`,
 * `milestone:<id>`, `template:<id>`, `severity-rule:<id>`, `incident-rollback:<id>`, `gauge:<check>`,
 * `person:<id>`, `tick:<checklist>/<item>` (a checklist's tick or entry), the scale's `level:<P0|P1|P2>`,
 * `tree:<branch>`, `ladder:<severity>/<minute>` (or a condition rung's id), `escalate:<from>`, `note:<id>`, `action:<id>` (a Docker action:
 * rollback, restart, cleanup, restartStack, ingestion, or a service action's id) (ids of the row's preset), or
 * `code:<path>` (a file of this repository).
 */
export const REF_KINDS = [
  "check",
  "trigger",
  "gate",
  "checkpoint",
  "slack-channel",
  "item",
  "milestone",
  "template",
  "severity-rule",
  "incident-rollback",
  "gauge",
  "person",
  "tick",
  "level",
  "tree",
  "ladder",
  "escalate",
  "note",
  "action",
  "code",
] as const;
export type RefKind = (typeof REF_KINDS)[number];

const ref = z
  .string()
  .regex(
    new RegExp(`^(${REF_KINDS.join("|")}):\\S+$`),
    `must be <kind>:<id> with kind one of ${REF_KINDS.join(", ")}`,
  );

export const coverageRowSchema = z
  .object({
    section: z.string().min(1),
    line: z.number().int().positive(),
    /** Words of the cited line, so a moved line is caught. */
    quote: z.string().min(3),
    type: z.enum(ITEM_TYPES),
    class: z.enum(ITEM_CLASSES),
    item: z.string().min(3),
    status: z.enum(ITEM_STATUSES),
    impl: z.array(ref).default([]),
    tests: z.array(z.string().min(1)).default([]),
    note: z.string().optional(),
    /** Another preset than the file's, when the item is met there. */
    preset: z.string().optional(),
  })
  .strict()
  .refine((r) => r.status === "missing" || r.impl.length > 0, {
    message: "an implemented or partial item names where (impl)",
    path: ["impl"],
  })
  .refine((r) => r.status !== "missing" || r.tests.length === 0, {
    message: "a missing item has no test",
    path: ["tests"],
  });
export type CoverageRow = z.infer<typeof coverageRowSchema>;

export const coverageFileSchema = z
  .object({
    /** The runbook's number, e.g. "000". */
    runbook: z.string().regex(/^\d{3}$/),
    title: z.string().min(1),
    /** The file name under the runbooks directory. */
    file: z.string().min(1),
    /** The preset that implements it (a key of PRESETS). */
    preset: z.string().min(1),
    rows: z.array(coverageRowSchema).min(1),
  })
  .strict();
export type CoverageFile = z.infer<typeof coverageFileSchema>;

export function parseRef(r: string): { kind: RefKind; id: string } {
  const at = r.indexOf(":");
  return { kind: r.slice(0, at) as RefKind, id: r.slice(at + 1) };
}

export type CoverageTotals = {
  automatable: number;
  automatableDone: number;
  manual: number;
  manualDone: number;
  external: number;
  externalDone: number;
  rows: number;
};

/** Done: implemented (not partial) and exercised by at least one test. */
export const isDone = (r: CoverageRow) => r.status === "implemented" && r.tests.length > 0;

export function coverageTotals(rows: readonly CoverageRow[]): CoverageTotals {
  const of = (cls: readonly ItemClass[]) => rows.filter((r) => cls.includes(r.class));
  const auto = of(AUTOMATABLE);
  const manual = of(["manual"]);
  const external = of(["external-adapter", "external-manual"]);
  return {
    automatable: auto.length,
    automatableDone: auto.filter(isDone).length,
    manual: manual.length,
    manualDone: manual.filter((r) => r.status === "implemented").length,
    external: external.length,
    externalDone: external.filter((r) => r.status === "implemented").length,
    rows: rows.length,
  };
}
