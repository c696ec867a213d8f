import type { Level } from "@/lib/model/runbook-schema";

// How a reading is packed into its cycle's row (docs/storage.md "Readings"): a letter for the level, and for
// the summary only its digit runs that differ from the summary of the check's current ReadingDetail.

const LETTER: Record<Level, string> = { ok: "o", warn: "w", crit: "c", unknown: "u" };
const FROM_LETTER: Record<string, Level> = { o: "ok", w: "warn", c: "crit", u: "unknown" };

export function levelLetter(level: string): string {
  return LETTER[level as Level] ?? "u";
}

/** Anything that is not a known letter reads as unknown, as an unknown level string always did. */
export function levelOfLetter(letter: string | null | undefined): Level {
  return FROM_LETTER[letter ?? ""] ?? "unknown";
}

const DIGITS = /[0-9]+/g;

/** The summary without its numbers: two summaries with the same shape differ only in their digit runs. */
export function summaryShape(summary: string): string[] {
  return summary.split(/[0-9]+/);
}

export function sameShape(a: string, b: string): boolean {
  const x = summaryShape(a);
  const y = summaryShape(b);
  return x.length === y.length && x.every((part, i) => part === y[i]);
}

/**
 * The digit runs of `summary` that differ from `base` (same shape), comma-separated, "" for an unchanged run;
 * trailing unchanged runs are left out, so an identical summary is "". Only digits and commas: the cycle's
 * row joins the readings' codes with ";".
 */
export function encodeDigits(summary: string, base: string): string {
  const mine = summary.match(DIGITS) ?? [];
  const theirs = base.match(DIGITS) ?? [];
  const parts = mine.map((run, i) => (run === theirs[i] ? "" : run));
  while (parts.length > 0 && parts.at(-1) === "") parts.pop();
  return parts.join(",");
}

/** The summary back from its detail's summary and the reading's code. */
export function decodeSummary(base: string, code: string): string {
  if (code === "") return base;
  const changed = code.split(",");
  let i = 0;
  return base.replace(DIGITS, (run) => {
    const next = changed[i++];
    return next === undefined || next === "" ? run : next;
  });
}
