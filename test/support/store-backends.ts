// The two databases the store verbs run on, for lib/db integration tests: a throwaway PostgreSQL
// database on the local server and embedded PGlite in a temporary directory, both migrated.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDb } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { createTestDatabase } from "@/test/support/test-database";

/** `close` also removes the database or its directory. */
export type OpenStore = { db: PrismaClient; close: () => Promise<void> };
export type StoreBackend = { name: "postgres" | "pglite"; open: (label: string) => Promise<OpenStore> };

export const STORE_BACKENDS: StoreBackend[] = [
  {
    name: "postgres",
    open: async (label) => {
      const created = await createTestDatabase(label);
      return opened(() => openDb({ kind: "postgres", url: created.url }), created.drop);
    },
  },
  {
    name: "pglite",
    open: async (label) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), `warroom-${label}-`));
      const remove = () => rm(dir, { recursive: true, force: true });
      // A nested directory: opening creates the parents it needs.
      return opened(() => openDb({ kind: "pglite", dataDir: path.join(dir, "nested", "pglite") }), remove);
    },
  },
];

/** Opens the client; the database is removed after closing, or at once when opening fails. */
async function opened(
  open: () => Promise<{ client: PrismaClient; close: () => Promise<void> }>,
  remove: () => Promise<unknown>,
): Promise<OpenStore> {
  try {
    const handle = await open();
    return {
      db: handle.client,
      close: () =>
        handle
          .close()
          .finally(remove)
          .then(() => undefined),
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
