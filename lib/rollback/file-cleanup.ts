import type { Stats } from "node:fs";
import { lstat, readdir, realpath, unlink } from "node:fs/promises";
import { basename, join, sep } from "node:path";
import type { PlannedFile } from "@/lib/model/rollback";
import type { FileCleanup } from "@/lib/model/service-actions-schema";
import type { Emit } from "@/lib/rollback/docker-steps";
import { mb } from "@/lib/rollback/plan-steps";

const DAY_MS = 86_400_000;
/** Bounds on one directory walk: entries looked at, files listed. */
const MAX_ENTRIES = 20_000;
const MAX_FILES = 500;

/** find's -name: `*` and `?` within one name, everything else literal. */
export function nameMatcher(pattern: string | undefined): (name: string) => boolean {
  if (!pattern) return () => true;
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return (name) => re.test(name);
}

/** find's -mtime +N: whole days since the last change (rounded down) greater than N. */
export function isOlderThan(mtimeMs: number, days: number, nowMs: number): boolean {
  return Math.floor((nowMs - mtimeMs) / DAY_MS) > days;
}

const inside = (path: string, dir: string) =>
  path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

export type FileFacts = { files: PlannedFile[]; notes: string[] };

export type WalkedFile = { path: string; stat: Stats };

/**
 * Regular files under `root` (symlinks neither followed nor listed) whose name matches and whose mtime
 * `isOld` accepts, in the order the folders list them. Stops after `maxEntries` entries looked at or
 * `maxFiles` found; `truncated` says it stopped there.
 */
export async function walkOldFiles(
  root: string,
  o: {
    matches: (name: string) => boolean;
    isOld: (mtimeMs: number) => boolean;
    maxEntries: number;
    maxFiles?: number;
  },
): Promise<{ files: WalkedFile[]; truncated: boolean }> {
  const maxFiles = o.maxFiles ?? Number.POSITIVE_INFINITY;
  const files: WalkedFile[] = [];
  let seen = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (++seen > o.maxEntries || files.length >= maxFiles) return;
      const path = join(dir, e.name);
      if (e.isDirectory()) await walk(path);
      else if (e.isFile() && o.matches(e.name)) {
        const stat = await lstat(path).catch(() => null);
        if (stat?.isFile() && o.isOld(stat.mtimeMs)) files.push({ path, stat });
      }
    }
  };
  await walk(root);
  return { files, truncated: seen > o.maxEntries || files.length >= maxFiles };
}

/**
 * The files a group would delete now: regular files under `dir` (symlinks neither followed nor deleted),
 * matching its name and age, bounded. A missing directory is said, not an error.
 */
export async function listOldFiles(groups: FileCleanup[], now: Date): Promise<FileFacts> {
  const files: PlannedFile[] = [];
  const notes: string[] = [];
  for (const g of groups) {
    const root = await realpath(g.dir).catch(() => null);
    if (!root) {
      notes.push(`${g.dir}: no such directory (nothing to delete)`);
      continue;
    }
    const found = await walkOldFiles(root, {
      matches: nameMatcher(g.name),
      isOld: (mtimeMs) => isOlderThan(mtimeMs, g.olderThanDays, now.getTime()),
      maxEntries: MAX_ENTRIES,
      maxFiles: MAX_FILES,
    });
    for (const { path, stat } of found.files)
      files.push({ group: g.label, path, sizeBytes: stat.size, mtime: stat.mtime.toISOString() });
    if (found.truncated)
      notes.push(
        `${g.dir}: stopped after ${MAX_FILES} files / ${MAX_ENTRIES} entries; run it again for the rest`,
      );
  }
  return { files, notes };
}

/**
 * Deletes the planned files of one group, judging each again first: still a regular file (not a symlink),
 * still inside the directory once resolved, still matching and still old enough. Anything else is kept
 * and said so.
 */
export async function deleteOldFiles(group: FileCleanup, paths: string[], emit: Emit): Promise<void> {
  const root = await realpath(group.dir);
  const matches = nameMatcher(group.name);
  let deleted = 0;
  let freed = 0;
  for (const path of paths) {
    const st = await lstat(path).catch(() => null);
    const real = st ? await realpath(path).catch(() => null) : null;
    const why = !st
      ? "already gone"
      : !st.isFile()
        ? "not a regular file"
        : !real || !inside(real, root)
          ? `outside ${group.dir}`
          : !matches(basename(path))
            ? "name does not match"
            : !isOlderThan(st.mtimeMs, group.olderThanDays, Date.now())
              ? "changed since the plan (no longer old enough)"
              : null;
    if (why) {
      emit(`kept ${path}: ${why}`);
      continue;
    }
    await unlink(path);
    deleted += 1;
    freed += st?.size ?? 0;
    emit(`deleted ${path}`);
  }
  emit(`${deleted} file${deleted === 1 ? "" : "s"} deleted, ${mb(freed)} freed`);
}
