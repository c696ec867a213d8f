/** `du -sk path` then `df -kP path`, as one shell prints them. */
export type DuDf = { pathKb: number; fs: { sizeKb: number; usedKb: number; availKb: number; mount: string } };

/**
 * The first line is du's "<kB>\t<path>"; df -P's data line is "<fs> <1024-blocks> <used> <avail> <cap>% <mount>".
 * Used % is computed as df does: used / (used + available), so root's reserve counts as used.
 */
export function parseDuDf(stdout: string): DuDf | string {
  const lines = stdout
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const du = /^(\d+)\s+\S/.exec(lines[0] ?? "");
  if (!du) return `du printed no size: ${(lines[0] ?? "nothing").slice(0, 120)}`;
  const data = lines.slice(1).find((l) => /^\S+\s+\d+\s+\d+\s+\d+\s+\d+%\s+\S/.test(l));
  if (!data) return "df printed no file system line";
  const [, size, used, avail, , mount] = data.split(/\s+/);
  return {
    pathKb: Number(du[1]),
    fs: { sizeKb: Number(size), usedKb: Number(used), availKb: Number(avail), mount: mount ?? "?" },
  };
}

export function usedPercent(fs: DuDf["fs"]): number | null {
  const total = fs.usedKb + fs.availKb;
  return total > 0 ? Math.round((1000 * fs.usedKb) / total) / 10 : null;
}
