// The two databases a whole-process test runs against, chosen the way the server chooses them: DATABASE_URL
// (a fresh PostgreSQL database) or, without it, PGlite under WARROOM_DATA_DIR (a fresh folder).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { createTestDatabase } from "@/test/support/test-database";

export type EnvBackend = { name: string; open: () => Promise<() => Promise<void>> };

/** PostgreSQL and PGlite for a test file named `name`; `open` sets the environment and returns the cleanup. */
export function envBackends(name: string): EnvBackend[] {
  return [
    {
      name: "postgres",
      open: async () => {
        const db = await createTestDatabase(name);
        process.env.DATABASE_URL = db.url;
        return db.drop;
      },
    },
    {
      name: "pglite",
      open: async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), `warroom-${name}-`));
        delete process.env.DATABASE_URL;
        process.env.WARROOM_DATA_DIR = path.join(dir, "pglite");
        return () => rm(dir, { recursive: true, force: true });
      },
    },
  ];
}

/** Registers an afterAll that puts `keys` of the environment back as they were when the file loaded. */
export function restoreEnvAfterAll(keys: readonly string[]): void {
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  afterAll(() => {
    for (const k of keys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
}
