/** /proc/meminfo → kB values by field name ("MemTotal", "SwapFree", …). */
export function parseMeminfo(text: string): Map<string, number> {
  const fields = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line.trim());
    if (m?.[1] && m[2]) fields.set(m[1], Number(m[2]));
  }
  return fields;
}

export type Usage =
  | { kind: "usage"; usedKb: number; totalKb: number; percent: number }
  | { kind: "none" }
  | { kind: "unreadable"; field: string };

/** Swap used %; a machine without swap (SwapTotal 0) is `none`, never 0/0. */
export function swapUsage(fields: Map<string, number>): Usage {
  const total = fields.get("SwapTotal");
  const free = fields.get("SwapFree");
  if (total === undefined) return { kind: "unreadable", field: "SwapTotal" };
  if (total === 0) return { kind: "none" };
  if (free === undefined) return { kind: "unreadable", field: "SwapFree" };
  return usage(total - free, total);
}

/** Memory used % = (MemTotal − MemAvailable) / MemTotal: page cache that can be dropped is not "used". */
export function memoryUsage(fields: Map<string, number>): Usage {
  const total = fields.get("MemTotal");
  const available = fields.get("MemAvailable");
  if (total === undefined || total === 0) return { kind: "unreadable", field: "MemTotal" };
  if (available === undefined) return { kind: "unreadable", field: "MemAvailable" };
  return usage(total - available, total);
}

function usage(usedKb: number, totalKb: number): Usage {
  const used = Math.max(0, usedKb);
  return { kind: "usage", usedKb: used, totalKb, percent: Math.round((1000 * used) / totalKb) / 10 };
}

export type StatfsNumbers = { blocks: number; bfree: number; bavail: number; bsize: number };

/** Like `df`: used / (used + available to unprivileged users); reserved blocks count as neither. */
export function diskUsage(
  s: StatfsNumbers,
): { percent: number; usedBytes: number; availBytes: number } | null {
  const used = s.blocks - s.bfree;
  const denominator = used + s.bavail;
  if (!(denominator > 0)) return null;
  return {
    percent: Math.round((1000 * used) / denominator) / 10,
    usedBytes: used * s.bsize,
    availBytes: s.bavail * s.bsize,
  };
}

/** /proc/loadavg → the 1, 5 and 15 minute load averages; null when the text is not that. */
export function parseLoadavg(text: string): [number, number, number] | null {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  if (![one, five, fifteen].every((n) => n !== undefined && Number.isFinite(n) && n >= 0)) return null;
  return [one ?? 0, five ?? 0, fifteen ?? 0];
}

/** /proc/stat → how many CPUs the kernel lists (`cpu0`, `cpu1`, …; the `cpu` total line excluded). */
export function countCpus(statText: string): number {
  return statText.split("\n").filter((line) => /^cpu\d+\s/.test(line)).length;
}
