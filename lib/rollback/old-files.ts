import { lstat, unlink } from "node:fs/promises";
import { basename, relative, resolve, sep } from "node:path";
import type { OldFilesRule, PlannedStep } from "@/lib/model/rollback";
import type { Emit } from "@/lib/rollback/docker-steps";
import { nameMatcher, walkOldFiles } from "@/lib/rollback/file-cleanup";
import { mb } from "@/lib/rollback/plan-steps";

const DAY_MS = 86_400_000;
/** A folder bigger than this is read no further: the plan says it stopped there. */
const MAX_ENTRIES = 50_000;
/** How many of the files the step's name and output list before "…". */
const SHOWN = 5;

export type OldFile = { path: string; sizeBytes: number; mtimeMs: number };
export type OldFilesFact = { rule: OldFilesRule; files: OldFile[]; note: string | null };

/**
 * The files a rule would delete now: regular files under `dir` (symlinks not followed, nothing outside
 * it) whose name matches and that were last modified more than `olderThanDays` days ago. Reads only.
 */
export async function findOldFiles(rule: OldFilesRule, nowMs: number): Promise<OldFilesFact> {
  const cutoff = nowMs - rule.olderThanDays * DAY_MS;
  const root = await lstat(rule.dir).catch(() => null);
  if (!root?.isDirectory()) return { rule, files: [], note: `${rule.dir} does not exist: nothing to delete` };
  const found = await walkOldFiles(rule.dir, {
    matches: nameMatcher(rule.pattern),
    isOld: (mtimeMs) => mtimeMs < cutoff,
    maxEntries: MAX_ENTRIES,
  });
  const files = found.files
    .map(({ path, stat }) => ({ path, sizeBytes: stat.size, mtimeMs: stat.mtimeMs }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return { rule, files, note: found.truncated ? `stopped after ${MAX_ENTRIES} entries` : null };
}

/** One step per rule with files to delete, naming them; the exact list rides in the step's args. */
export function oldFilesSteps(facts: OldFilesFact[]): PlannedStep[] {
  return facts.flatMap(({ rule, files, note }) => {
    if (files.length === 0) return [];
    const bytes = files.reduce((s, f) => s + f.sizeBytes, 0);
    const names = files.slice(0, SHOWN).map((f) => relative(rule.dir, f.path));
    const more = files.length > SHOWN ? `, … ${files.length - SHOWN} more` : "";
    return [
      {
        name: `${rule.name}: delete ${files.length} file${files.length === 1 ? "" : "s"} (${mb(bytes)}): ${names.join(", ")}${more}${note ? ` (${note})` : ""}`,
        command: `find ${rule.dir} -name "${rule.pattern}" -mtime +${rule.olderThanDays} -delete   # the ${files.length} listed in the plan only`,
        kind: "delete-files",
        args: {
          dir: rule.dir,
          pattern: rule.pattern,
          olderThanDays: String(rule.olderThanDays),
          files: JSON.stringify(files.map((f) => f.path)),
        },
      },
    ];
  });
}

/**
 * Deletes exactly the files the confirmed plan listed, each only if it is still a regular file under the
 * folder, still matches, and is still older than the cutoff (one written since is kept and said so).
 */
export async function deleteOldFiles(args: Record<string, string>, nowMs: number, emit: Emit): Promise<void> {
  const dir = resolve(args.dir ?? "");
  // A plan without its pattern matches nothing: every listed file is kept.
  const matches = args.pattern ? nameMatcher(args.pattern) : () => false;
  const cutoff = nowMs - Number(args.olderThanDays) * DAY_MS;
  const listed = JSON.parse(args.files ?? "[]") as string[];
  let deleted = 0;
  let bytes = 0;
  const kept: string[] = [];
  const failed: string[] = [];
  for (const file of listed) {
    const path = resolve(file);
    if (!path.startsWith(dir + sep) || !matches(basename(path))) {
      kept.push(`${file} (not under ${dir} or not ${args.pattern})`);
      continue;
    }
    const s = await lstat(path).catch(() => null);
    if (!s?.isFile() || s.mtimeMs >= cutoff) {
      kept.push(`${relative(dir, path)} (${s ? "written since the plan" : "gone"})`);
      continue;
    }
    try {
      await unlink(path);
      deleted += 1;
      bytes += s.size;
    } catch (err) {
      failed.push(`${relative(dir, path)}: ${(err as Error).message}`);
    }
  }
  emit(`deleted ${deleted} of ${listed.length} listed (${mb(bytes)}) under ${dir}`);
  for (const k of kept.slice(0, SHOWN)) emit(`kept ${k}`);
  for (const f of failed.slice(0, SHOWN)) emit(`failed ${f}`);
  if (failed.length) throw new Error(`${failed.length} file(s) could not be deleted`);
}
