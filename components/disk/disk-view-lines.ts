import type { DiskView } from "@/lib/model/disk-view";
import { formatBytes } from "@/lib/model/format-bytes";

export { formatBytes };

export type EntryRow = { path: string; size: string; share: number; isDir: boolean };

/** The walk's entries as rows: path under the watched one, size, and its share of everything walked (%). */
export function entryRows(view: DiskView): EntryRow[] {
  if ("error" in view.scan) return [];
  const { root, totalBytes, entries } = view.scan;
  return entries.map((e) => ({
    path: `${root.replace(/\/$/, "")}/${e.path}${e.kind === "dir" ? "/" : ""}`,
    size: formatBytes(e.bytes),
    share: totalBytes > 0 ? Math.round((1000 * e.bytes) / totalBytes) / 10 : 0,
    isDir: e.kind === "dir",
  }));
}

/** What the walk left out or could not finish, in one line (empty when nothing). */
export function scanCaveats(view: DiskView): string {
  if ("error" in view.scan) return view.scan.error;
  const { incomplete, skipped, scannedEntries, tookMs, bounds } = view.scan;
  const parts = [`${scannedEntries} entries in ${tookMs} ms, depth ${bounds.depth}`];
  if (incomplete) parts.push(incomplete);
  if (skipped.symlinks) parts.push(`${skipped.symlinks} symbolic link(s) not followed`);
  if (skipped.otherFileSystems) parts.push(`${skipped.otherFileSystems} other file system(s) not entered`);
  if (skipped.unreadable) parts.push(`${skipped.unreadable} unreadable`);
  return parts.join(" · ");
}
