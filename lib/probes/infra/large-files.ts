import "server-only";
import { lstat, opendir } from "node:fs/promises";
import { join } from "node:path";

export type LargeFile = { path: string; bytes: number; allocatedBytes: number };
export type LargeFileScan = {
  files: LargeFile[];
  scannedEntries: number;
  /** Why the list may be short (a bound was hit), or null when the walk was complete. */
  incomplete: string | null;
  unreadable: number;
  otherFileSystems: number;
};

/**
 * `find root -xdev -type f -size +<min>`: regular files whose length exceeds minBytes (find's -size reads
 * the length, so a sparse file counts at its full size; the allocated bytes are kept beside it). Bounded in
 * entries and time, never following a link, never entering another file system (/proc's kcore is no file
 * on disk).
 */
export async function findLargeFiles(
  root: string,
  minBytes: number,
  bounds: { maxEntries: number; budgetMs: number },
  clock: () => number = () => performance.now(),
): Promise<LargeFileScan> {
  const rootStat = await lstat(root);
  if (!rootStat.isDirectory()) throw new Error(`${root} is not a directory`);
  const deadline = clock() + bounds.budgetMs;
  const scan: LargeFileScan = {
    files: [],
    scannedEntries: 0,
    incomplete: null,
    unreadable: 0,
    otherFileSystems: 0,
  };
  const stop = () => {
    if (scan.scannedEntries >= bounds.maxEntries)
      scan.incomplete = `stopped after ${bounds.maxEntries} entries`;
    else if (clock() >= deadline) scan.incomplete = `stopped after ${bounds.budgetMs} ms`;
    return scan.incomplete !== null;
  };
  const dirs = [root];
  while (dirs.length > 0 && !stop()) {
    const dir = dirs.pop() as string;
    let handle: Awaited<ReturnType<typeof opendir>>;
    try {
      handle = await opendir(dir, { bufferSize: 64 });
    } catch {
      scan.unreadable += 1;
      continue;
    }
    try {
      for (;;) {
        if (stop()) break;
        const dirent = await handle.read();
        if (!dirent) break;
        scan.scannedEntries += 1;
        const path = join(dir, dirent.name);
        if (dirent.isSymbolicLink()) continue;
        if (dirent.isDirectory() || dirent.isFile()) {
          const st = await lstat(path).catch(() => null);
          if (!st) {
            scan.unreadable += 1;
            continue;
          }
          if (st.dev !== rootStat.dev) {
            scan.otherFileSystems += 1;
            continue;
          }
          if (st.isDirectory()) dirs.push(path);
          else if (st.size > minBytes)
            scan.files.push({ path, bytes: st.size, allocatedBytes: st.blocks * 512 });
        }
      }
    } finally {
      await handle.close().catch(() => undefined);
    }
  }
  scan.files.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  return scan;
}
