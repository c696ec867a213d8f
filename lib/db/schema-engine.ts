// Dev-time tool, never imported by the app: it loads Prisma's schema engine compiled to WebAssembly
// and drives it through the PGlite driver adapter, so that migrations can be generated and checked
// offline (the native engine cannot be downloaded here). No "server-only" marker on purpose: the
// `db:migration` script runs it under plain tsx.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { processState } from "@/lib/runtime/process-state";

export type { SchemaEngine };

export type SchemaEngineHandle = {
  engine: SchemaEngine;
  /** The PGlite behind the engine's main connection. */
  db: PGlite;
  close: () => Promise<void>;
};

/** Instantiates the wasm module once per process (the package's own entry needs ESM wasm imports). */
async function loadBindings(): Promise<typeof bindings> {
  return processState("db.schema-engine-wasm", async () => {
    const entry = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm");
    const bytes = await readFile(path.join(path.dirname(entry), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  });
}

/** A fresh in-memory PGlite. initdb runs once per process; later ones load its dump (~4x faster). */
export async function freshPglite(): Promise<PGlite> {
  const template = processState("db.pglite-template", async (): Promise<File | Blob> => {
    const first = await PGlite.create();
    try {
      return await first.dumpDataDir("none");
    } finally {
      await first.close();
    }
  });
  return PGlite.create({ loadDataDir: await template });
}

/**
 * The adapter's executeScript does not await PGlite, so a failing script would surface as an
 * unhandled rejection instead of an engine error.
 */
function awaitScripts(adapter: SqlDriverAdapter, db: PGlite): SqlDriverAdapter {
  return Object.assign(Object.create(adapter) as SqlDriverAdapter, {
    executeScript: async (script: string) => {
      await db.exec(script);
    },
  });
}

/**
 * Opens a schema engine whose main database is `db` (default: a fresh in-memory PGlite) and whose
 * shadow databases are fresh in-memory PGlite instances.
 */
export async function openSchemaEngine(
  opts: { db?: PGlite; log?: (line: string) => void } = {},
): Promise<SchemaEngineHandle> {
  const { SchemaEngine } = await loadBindings();
  const db = opts.db ?? (await freshPglite());
  const shadows: PGlite[] = [];
  const inner = new PrismaPGlite(db);
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "postgres",
    adapterName: inner.adapterName,
    connect: async () => awaitScripts(await inner.connect(), db),
    connectToShadowDb: async () => {
      const shadow = await freshPglite();
      shadows.push(shadow);
      return awaitScripts(await new PrismaPGlite(shadow).connect(), shadow);
    },
  };
  const log = opts.log ?? (() => {});
  const engine = await SchemaEngine.new(
    { datamodels: undefined },
    (line: string) => log(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    db,
    close: async () => {
      engine.free();
      await Promise.all(shadows.map((s) => s.close()));
      if (!opts.db) await db.close();
    },
  };
}
