import "server-only";
import type { Stats } from "node:fs";
import { lstat, opendir } from "node:fs/promises";
import { join, relative } from "node:path";
import type { DiskEntry, DiskScan, DiskScanBounds } from "@/lib/model/disk-view";

export const DEFAULT_SCAN_BOUNDS: DiskScanBounds = { depth: 2, maxEntries: 50_000, budgetMs: 3000, top: 12 };

/** Deeper than this the walk does not descend (a pathological tree); the view says its sizes are low. */
const MAX_NESTING = 64;
/** lstat calls in flight at once per directory: the libuv pool has four threads, shared with the probes. */
const LSTAT_BATCH = 16;

type Walk = {
  root: string;
  rootDev: number;
  bounds: DiskScanBounds;
  clock: () => number;
  deadline: number;
  scanned: number;
  stop: string | null;
  seenInodes: Set<string>;
  entries: DiskEntry[];
  skipped: DiskScan["skipped"];
};

/** Allocated bytes, as `du` counts them (a sparse file counts what it holds, not its length). */
const allocated = (st: Stats) => st.blocks * 512;

function outOfBounds(w: Walk): boolean {
  if (w.stop) return true;
  if (w.scanned >= w.bounds.maxEntries) {
    w.stop = `stopped after ${w.bounds.maxEntries} entries`;
  } else if (w.clock() >= w.deadline) {
    w.stop = `stopped after ${w.bounds.budgetMs} ms`;
  }
  return w.stop !== null;
}

async function readNames(w: Walk, dir: string): Promise<string[] | null> {
  const names: string[] = [];
  try {
    const handle = await opendir(dir, { bufferSize: 64 });
    try {
      for (;;) {
        if (outOfBounds(w)) break;
        const dirent = await handle.read();
        if (!dirent) break;
        w.scanned += 1;
        names.push(dirent.name);
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
  } catch {
    w.skipped.unreadable += 1;
    return null;
  }
  return names;
}

/** Bytes under `dir` (not counting `dir` itself); records entries down to the bounds' depth. */
async function walkDir(w: Walk, dir: string, depth: number): Promise<number> {
  if (depth > MAX_NESTING) {
    w.stop ??= `not descended below ${MAX_NESTING} levels`;
    return 0;
  }
  const names = await readNames(w, dir);
  if (!names) return 0;
  let total = 0;
  for (let i = 0; i < names.length; i += LSTAT_BATCH) {
    const batch = names.slice(i, i + LSTAT_BATCH).map((name) => join(dir, name));
    const stats = await Promise.all(batch.map((p) => lstat(p).catch(() => null)));
    for (const [k, st] of stats.entries()) {
      const path = batch[k] as string;
      if (!st) {
        w.skipped.unreadable += 1;
        continue;
      }
      total += await sizeOf(w, path, st, depth + 1);
    }
  }
  return total;
}

async function sizeOf(w: Walk, path: string, st: Stats, depth: number): Promise<number> {
  // A link is never followed: it may point out of the watched path (or at it, in a loop).
  if (st.isSymbolicLink()) {
    w.skipped.symlinks += 1;
    return allocated(st);
  }
  if (st.isDirectory()) {
    // Another file system mounted below the path uses none of this one's space (`du -x`).
    if (st.dev !== w.rootDev) {
      w.skipped.otherFileSystems += 1;
      return 0;
    }
    const bytes = allocated(st) + (outOfBounds(w) ? 0 : await walkDir(w, path, depth));
    record(w, path, "dir", bytes, depth);
    return bytes;
  }
  // A file with several hard links takes its space once.
  if (st.nlink > 1) {
    const key = `${st.dev}:${st.ino}`;
    if (w.seenInodes.has(key)) return 0;
    w.seenInodes.add(key);
  }
  record(w, path, "file", allocated(st), depth);
  return allocated(st);
}

function record(w: Walk, path: string, kind: DiskEntry["kind"], bytes: number, depth: number) {
  if (depth > w.bounds.depth) return;
  w.entries.push({ path: relative(w.root, path), kind, bytes, depth });
}

/**
 * The largest entries of `root`, like `du -x -d <depth> root | sort -rh | head`: bounded in entries read
 * and time, never following a symbolic link, never entering another file system. Reads only.
 */
export async function scanLargest(
  root: string,
  bounds: DiskScanBounds = DEFAULT_SCAN_BOUNDS,
  clock: () => number = () => performance.now(),
): Promise<DiskScan> {
  const started = clock();
  const st = await lstat(root);
  if (!st.isDirectory()) throw new Error(`${root} is not a directory`);
  const w: Walk = {
    root,
    rootDev: st.dev,
    bounds,
    clock,
    deadline: started + bounds.budgetMs,
    scanned: 0,
    stop: null,
    seenInodes: new Set(),
    entries: [],
    skipped: { symlinks: 0, otherFileSystems: 0, unreadable: 0 },
  };
  const totalBytes = allocated(st) + (await walkDir(w, root, 0));
  const entries = w.entries.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  return {
    root,
    entries: entries.slice(0, bounds.top),
    totalBytes,
    scannedEntries: w.scanned,
    tookMs: Math.round(clock() - started),
    incomplete: w.stop ? `${w.stop}: sizes are at least these` : null,
    skipped: w.skipped,
    bounds,
  };
}
