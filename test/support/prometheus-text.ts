import { type PromSample, parsePrometheusText, parseValue } from "@/lib/probes/prometheus-parse";

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests. Sample lines are read by
 * the prometheus probe's parser; on top of it, every line must parse, every sample must belong to a family
 * declared once by `# TYPE`, and histogram buckets must be cumulative and end in `+Inf` equal to `_count`.
 * It throws naming the line or family that breaks a rule.
 */
export type PromFamily = { name: string; type: string; help: string; samples: PromSample[] };

const TYPES = ["counter", "gauge", "histogram", "summary", "untyped"];

/** The family a sample name belongs to (histogram and summary samples carry a suffix). */
function familyOf(name: string, families: Map<string, PromFamily>): PromFamily | undefined {
  const own = families.get(name);
  if (own) return own;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  const base = m?.[1] ? families.get(m[1]) : undefined;
  if (base && (base.type === "histogram" || (base.type === "summary" && m?.[2] !== "bucket"))) return base;
  return undefined;
}

function checkHistogram(f: PromFamily): void {
  const series = new Map<string, PromSample[]>();
  const counts = new Map<string, number>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    if (s.name.endsWith("_bucket")) {
      if (le === undefined) throw new Error(`${s.name}: bucket without le`);
      series.set(key, [...(series.get(key) ?? []), s]);
    } else if (s.name.endsWith("_count")) counts.set(key, s.value);
  }
  for (const [key, buckets] of series) {
    const les = buckets.map((b) => parseValue(b.labels.le ?? "") ?? Number.NaN);
    for (let i = 1; i < buckets.length; i++) {
      if ((les[i] ?? 0) <= (les[i - 1] ?? 0)) throw new Error(`${f.name}${key}: le not increasing`);
      if ((buckets[i]?.value ?? 0) < (buckets[i - 1]?.value ?? 0))
        throw new Error(`${f.name}${key}: buckets not cumulative`);
    }
    const last = buckets.at(-1);
    if (last?.labels.le !== "+Inf") throw new Error(`${f.name}${key}: no +Inf bucket`);
    if (counts.get(key) !== last.value) throw new Error(`${f.name}${key}: +Inf bucket differs from _count`);
  }
}

export function readExposition(text: string): Map<string, PromFamily> {
  const parsed = parsePrometheusText(text);
  const bad = parsed.errors[0];
  if (bad) throw new Error(`line ${bad.line}: ${bad.reason}`);
  const families = new Map<string, PromFamily>();
  const help = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
    if (!m?.[2]) continue;
    const [, kind, name, rest = ""] = m;
    if (kind === "HELP") help.set(name, rest);
    else if (!TYPES.includes(rest)) throw new Error(`unknown type in: ${line}`);
    else if (families.has(name)) throw new Error(`family declared twice: ${name}`);
    else families.set(name, { name, type: rest, help: help.get(name) ?? "", samples: [] });
  }
  for (const sample of parsed.samples) {
    const family = familyOf(sample.name, families);
    if (!family) throw new Error(`sample of an undeclared family: ${sample.name}`);
    family.samples.push(sample);
  }
  for (const f of families.values()) if (f.type === "histogram") checkHistogram(f);
  return families;
}

/** The one sample of `name` whose labels include `labels`; throws when there is none or several. */
export function promSample(
  families: Map<string, PromFamily>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const all = [...families.values()].flatMap((f) => f.samples);
  const found = all.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length !== 1 || !found[0])
    throw new Error(`${name} ${JSON.stringify(labels)}: ${found.length} samples in /metrics, want 1`);
  return found[0].value;
}
