import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type Docker from "dockerode";
import { execIn } from "./exec-in";
import { containerName, DB_NAME, DB_USER } from "./stack-config";

const KEEP_BACKUPS = 5;

/**
 * A real dump of the catalog database (schema, migration table; the generated products rows are left
 * out to keep it small) into the backups folder, so the backup-freshness check reads a real file.
 */
export async function writeBackup(docker: Docker, backupsDir: string, now = new Date()): Promise<string> {
  const dump = await execIn(docker, containerName("db"), [
    "pg_dump",
    "-U",
    DB_USER,
    "-d",
    DB_NAME,
    "--exclude-table-data=products",
  ]);
  if (dump.exitCode !== 0) throw new Error(`pg_dump in ${containerName("db")} failed: ${dump.stderr.trim()}`);
  await mkdir(backupsDir, { recursive: true });
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const path = join(backupsDir, `${DB_NAME}-${stamp}.sql`);
  await writeFile(path, dump.stdout);
  await pruneBackups(backupsDir);
  return path;
}

async function pruneBackups(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.startsWith(`${DB_NAME}-`) && n.endsWith(".sql")).sort();
  for (const name of names.slice(0, Math.max(0, names.length - KEEP_BACKUPS))) {
    await rm(join(dir, name), { force: true });
  }
}
