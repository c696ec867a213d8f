import "server-only";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** One migration file's revision and the revisions it follows (none for the first). */
export type AlembicRevision = { revision: string; downRevisions: string[] };

const REVISION = /^revision(?:\s*:\s*[\w[\]., |]+)?\s*=\s*['"]([^'"]+)['"]/m;
const DOWN_REVISION = /^down_revision(?:\s*:\s*[\w[\]., |]+)?\s*=\s*(.+)$/m;

/** The revision ids of an alembic migration script, or null when it is not one. Pure. */
export function parseAlembicScript(text: string): AlembicRevision | null {
  const revision = REVISION.exec(text)?.[1];
  if (!revision) return null;
  const down = DOWN_REVISION.exec(text)?.[1] ?? "None";
  // None, 'abc', or a tuple ('a', 'b') after a merge.
  const downRevisions = [...down.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
  return { revision, downRevisions };
}

/** Revisions no other revision follows: one for a linear history, more when a merge is missing. Pure. */
export function alembicHeads(revisions: readonly AlembicRevision[]): string[] {
  const followed = new Set(revisions.flatMap((r) => r.downRevisions));
  return revisions
    .map((r) => r.revision)
    .filter((r) => !followed.has(r))
    .sort();
}

/** Reads the *.py scripts of an alembic versions directory and returns its heads (throws if unreadable). */
export async function readAlembicHeads(dir: string): Promise<{ heads: string[]; scripts: number }> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".py") && n !== "__init__.py");
  const parsed = await Promise.all(
    names.map(async (n) => parseAlembicScript(await readFile(join(dir, n), "utf8"))),
  );
  const revisions = parsed.filter((r) => r !== null);
  return { heads: alembicHeads(revisions), scripts: revisions.length };
}
