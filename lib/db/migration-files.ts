import "server-only";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export type MigrationFile = {
  /** Directory name, e.g. `20261122073423_init`: Prisma's `migration_name`. */
  name: string;
  script: string;
  /** sha256 hex of the file bytes, as Prisma stores it. */
  checksum: string;
};

export const MIGRATION_LOCK_FILE = "migration_lock.toml";

/** Default location; `process.cwd()` is the project root under `next start`, tsx and vitest. */
export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

export function checksumOf(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Prisma's comparison: line-ending agnostic (git may rewrite them), and tolerant of the
 * non-zero-padded checksums an old engine wrote.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replace(/\r?\n/g, "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant).digest();
    const rendered =
      checksum.length === 64 ? digest.toString("hex") : [...digest].map((b) => b.toString(16)).join("");
    return rendered === checksum;
  });
}

/** Migration directories in apply order (their names start with a UTC timestamp). */
export async function listMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new Error(`migrations directory not found: ${dir}`);
    throw error;
  });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(dir, name, "migration.sql")).catch((error: Error) => {
        throw new Error(`migration ${name}: cannot read migration.sql (${error.message})`);
      });
      return { name, script: bytes.toString("utf8"), checksum: checksumOf(bytes) };
    }),
  );
}

/** Prisma refuses to apply migrations written for another provider; so do we. */
export async function assertPostgresLockfile(dir: string): Promise<void> {
  const content = await readFile(path.join(dir, MIGRATION_LOCK_FILE), "utf8").catch(() => null);
  if (content === null) return;
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(content)?.[1];
  if (provider !== "postgresql") {
    throw new Error(
      `${path.join(dir, MIGRATION_LOCK_FILE)} says provider "${provider}", expected "postgresql"`,
    );
  }
}
