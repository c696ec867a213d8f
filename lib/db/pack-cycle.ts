import { encodeDigits, levelLetter, sameShape } from "@/lib/db/reading-codec";
import type { SnapshotRecord } from "@/lib/db/types";
import type { Reading } from "@/lib/model/probe";

/** A check's ReadingDetail in effect: every later reading is told against it. */
export type CurrentDetail = { at: number; level: string; unit: string | null; summary: string };

export type DetailRow = {
  checkKey: number;
  at: string;
  level: string;
  unit: string | null;
  summary: string;
  conditions: unknown;
  evidence: unknown;
};

/** One cycle's row as the insert reads it (JSON: a missing number is the string "NaN"). */
export type Packed = {
  id: string;
  runbookId: string;
  cycle: number;
  startedAt: string;
  finishedAt: string;
  checkKeys: number[];
  levels: string;
  numbers: (number | "NaN")[];
  offsetsMs: number[];
  durationsMs: number[];
  summaryDigits: string;
  texts: Record<string, string> | null;
};

function timeOf(what: string, value: Date | string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`${what} is not a time: ${JSON.stringify(String(value))}`);
  return ms;
}

/** Plain JSON: drops `undefined` members as the JSON columns always did. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null) ?? "null");

/**
 * Packs a cycle's readings: value, level, time and duration of every reading; a new detail row (unit,
 * summary, conditions, evidence) only where the check's level, unit or summary shape changed. `current` is
 * updated as the readings are packed, so a batch of cycles is packed in order.
 */
export function packCycle(
  s: SnapshotRecord,
  keys: Map<string, number>,
  current: Map<number, CurrentDetail>,
): { cycle: Packed; details: DetailRow[] } {
  const startedAt = timeOf(`snapshot ${s.id}: startedAt`, s.startedAt);
  const details: DetailRow[] = [];
  const cycle: Packed = {
    id: s.id,
    runbookId: s.runbookId,
    cycle: s.cycle,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(timeOf(`snapshot ${s.id}: finishedAt`, s.finishedAt)).toISOString(),
    checkKeys: [],
    levels: "",
    numbers: [],
    offsetsMs: [],
    durationsMs: [],
    summaryDigits: "",
    texts: null,
  };
  const digits: string[] = [];
  s.readings.forEach((r: Reading, i) => {
    const key = keys.get(r.checkId);
    if (key === undefined) throw new Error(`no dictionary key for check "${r.checkId}"`);
    const at = timeOf(`reading of "${r.checkId}" in snapshot ${s.id}: collectedAt`, r.collectedAt);
    const unit = r.unit ?? null;
    let held = current.get(key);
    if (!held || held.level !== r.level || held.unit !== unit || !sameShape(r.summary, held.summary)) {
      held = { at, level: r.level, unit, summary: r.summary };
      current.set(key, held);
      details.push({
        checkKey: key,
        at: new Date(at).toISOString(),
        level: r.level,
        unit,
        summary: r.summary,
        conditions: plain(r.conditions),
        evidence: plain(r.evidence),
      });
    }
    const isNumber = typeof r.value === "number" && Number.isFinite(r.value);
    cycle.checkKeys.push(key);
    cycle.levels += levelLetter(r.level);
    cycle.numbers.push(isNumber ? (r.value as number) : "NaN");
    if (!isNumber && r.value !== null && r.value !== undefined) {
      cycle.texts = { ...(cycle.texts ?? {}), [String(i)]: String(r.value) };
    }
    cycle.offsetsMs.push(at - startedAt);
    cycle.durationsMs.push(Math.round(r.durationMs));
    digits.push(encodeDigits(r.summary, held.summary));
  });
  cycle.summaryDigits = digits.join(";");
  return { cycle, details };
}
