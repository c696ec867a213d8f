import type { PromSample } from "@/lib/probes/prometheus-parse";

export type Bucket = { le: number; count: number };

/**
 * Prometheus' histogram_quantile: find the bucket holding rank q·total, then interpolate linearly inside
 * it (the first bucket starts at 0). A rank in the +Inf bucket returns the highest finite bound. NaN when
 * there are no observations or no +Inf bucket.
 */
export function histogramQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const buckets = [...input].sort((a, b) => a.le - b.le);
  const last = buckets[buckets.length - 1];
  if (buckets.length < 2 || !last || last.le !== Number.POSITIVE_INFINITY) return Number.NaN;
  // Float rounding in exporters can make cumulative counts dip; Prometheus smooths them the same way.
  for (let i = 1; i < buckets.length; i++) {
    const prev = buckets[i - 1];
    const cur = buckets[i];
    if (prev && cur && cur.count < prev.count) buckets[i] = { le: cur.le, count: prev.count };
  }
  const total = last.count;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let b = buckets.findIndex((bucket, i) => i < buckets.length - 1 && bucket.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]?.le ?? Number.NaN;
  const bucket = buckets[b];
  if (!bucket) return Number.NaN;
  if (b === 0 && bucket.le <= 0) return bucket.le;
  const prev = b === 0 ? { le: 0, count: 0 } : (buckets[b - 1] ?? { le: 0, count: 0 });
  const inBucket = bucket.count - prev.count;
  if (inBucket <= 0) return bucket.le;
  return prev.le + (bucket.le - prev.le) * ((rank - prev.count) / inBucket);
}

/** Label name → a regular expression the whole value must match (PromQL's `=~`). */
export type LabelMatch = Readonly<Record<string, string>>;

/** A test of a sample's labels; an absent label reads as "" as in PromQL. */
export function labelMatcher(match: LabelMatch | undefined): (labels: Record<string, string>) => boolean {
  const tests = Object.entries(match ?? {}).map(([name, re]) => [name, new RegExp(`^(?:${re})$`)] as const);
  return (labels) => tests.every(([name, re]) => re.test(labels[name] ?? ""));
}

/** `{handler=~"…"}`, for a summary that says which series were read. */
export function describeLabelMatch(match: LabelMatch | undefined): string {
  const parts = Object.entries(match ?? {}).map(([name, re]) => `${name}=~"${re}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

/**
 * Cumulative bucket counts of `<histogram>_bucket`, summed over every other label, of the series `match`
 * selects (all when absent). Null when none.
 */
export function collectBuckets(
  samples: readonly PromSample[],
  histogram: string,
  match?: LabelMatch,
): Bucket[] | null {
  const selected = labelMatcher(match);
  const byLe = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${histogram}_bucket` || s.labels.le === undefined || !selected(s.labels)) continue;
    const le = s.labels.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(s.labels.le);
    if (Number.isNaN(le) || Number.isNaN(s.value)) continue;
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  if (byLe.size === 0) return null;
  return [...byLe].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

export type RequestCounts = { total: number; errors: number };

/**
 * Requests and error responses (`errorStatus`: a class such as 5xx, or one code such as 429) from a
 * counter with a status label, summed over every other label (of the series `match` selects).
 */
export function collectRequestCounts(
  samples: readonly PromSample[],
  counter: string,
  statusLabel: string,
  errorStatus = "5xx",
  match?: LabelMatch,
): RequestCounts | null {
  const selected = labelMatcher(match);
  const isError = new RegExp(`^${errorStatus.replace(/x/g, "\\d")}$`);
  let found = false;
  let total = 0;
  let errors = 0;
  for (const s of samples) {
    if ((s.name !== counter && s.name !== `${counter}_total`) || Number.isNaN(s.value)) continue;
    if (!selected(s.labels)) continue;
    found = true;
    total += s.value;
    if (isError.test(s.labels[statusLabel] ?? "")) errors += s.value;
  }
  return found ? { total, errors } : null;
}

/** Histograms are in seconds by convention; a name ending in `_milliseconds`/`_ms` is already in ms. */
export function msPerUnit(histogram: string): number {
  return /_(milliseconds|ms)$/.test(histogram) ? 1 : 1000;
}

/** collectRequestCounts per value of the `groupBy` label (absent reads as ""), e.g. per endpoint. */
export function collectRequestCountsBy(
  samples: readonly PromSample[],
  counter: string,
  statusLabel: string,
  errorStatus: string,
  groupBy: string,
  match?: LabelMatch,
): Map<string, RequestCounts> | null {
  const groups = new Set(
    samples
      .filter((s) => s.name === counter || s.name === `${counter}_total`)
      .map((s) => s.labels[groupBy] ?? ""),
  );
  if (groups.size === 0) return null;
  const out = new Map<string, RequestCounts>();
  for (const g of [...groups].sort()) {
    const only = samples.filter((s) => (s.labels[groupBy] ?? "") === g);
    const counts = collectRequestCounts(only, counter, statusLabel, errorStatus, match);
    if (counts) out.set(g, counts);
  }
  return out.size > 0 ? out : null;
}

/** The error rate of each group over a window's deltas, worst first (groups without requests left out). */
export function groupRates(
  delta: ReadonlyMap<string, number>,
): { group: string; total: number; errors: number; pct: number }[] {
  const rows: { group: string; total: number; errors: number; pct: number }[] = [];
  for (const [key, total] of delta) {
    if (!key.startsWith("total:") || total <= 0) continue;
    const group = key.slice("total:".length);
    const errors = delta.get(`errors:${group}`) ?? 0;
    rows.push({ group, total, errors, pct: Math.round(((100 * errors) / total) * 1000) / 1000 });
  }
  return rows.sort((a, b) => b.pct - a.pct || a.group.localeCompare(b.group));
}
