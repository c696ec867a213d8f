/** INFO's `\r\n` text with `# Section` headers → a flat field map (sections are not needed: names are unique). */
export function parseRedisInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** A numeric INFO field, or null when absent or not a number. */
export function infoNumber(fields: Map<string, string>, name: string): number | null {
  const raw = fields.get(name);
  if (raw === undefined || raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

export type MemoryUsage =
  | { kind: "usage"; usedBytes: number; maxBytes: number; percent: number }
  | { kind: "no-limit"; usedBytes: number }
  | { kind: "unreadable"; field: string };

/** used_memory / maxmemory; maxmemory 0 means "no limit", which has no percentage. */
export function memoryUsage(fields: Map<string, string>): MemoryUsage {
  const used = infoNumber(fields, "used_memory");
  if (used === null) return { kind: "unreadable", field: "used_memory" };
  const max = infoNumber(fields, "maxmemory");
  if (max === null) return { kind: "unreadable", field: "maxmemory" };
  if (max <= 0) return { kind: "no-limit", usedBytes: used };
  return { kind: "usage", usedBytes: used, maxBytes: max, percent: Math.round((1000 * used) / max) / 10 };
}

export type HitCounters = { hits: number; misses: number };

export function hitCounters(fields: Map<string, string>): HitCounters | null {
  const hits = infoNumber(fields, "keyspace_hits");
  const misses = infoNumber(fields, "keyspace_misses");
  return hits === null || misses === null ? null : { hits, misses };
}

/** hits / (hits + misses) in %, or null when there were no lookups (0/0). */
export function hitRate(c: HitCounters): number | null {
  const lookups = c.hits + c.misses;
  return lookups > 0 ? Math.round((1000 * c.hits) / lookups) / 10 : null;
}

export { formatBytes } from "@/lib/model/format-bytes";
