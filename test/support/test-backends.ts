// Backends for the migration runner's integration tests: each test gets a fresh schema
// (search_path) inside one database per backend and test file.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { pgExecutor, pgliteExecutor, type SqlExecutor } from "@/lib/db/sql-executor";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

export type Session = {
  exec: SqlExecutor;
  other: () => Promise<{ exec: SqlExecutor; end: () => Promise<void> }>;
};
export type Backend = {
  name: string;
  setup: () => Promise<void>;
  teardown: () => Promise<void>;
  fresh: () => Promise<Session>;
};

let schemaSeq = 0;
const nextSchema = () => `t${process.pid}_${++schemaSeq}`;

export function postgresBackend(): Backend {
  let db: TestDatabase;
  const clients: pg.Client[] = [];
  const connect = async (schema: string) => {
    const client = new pg.Client({ connectionString: db.url });
    client.on("error", () => undefined);
    await client.connect();
    clients.push(client);
    await client.query(`SET search_path TO "${schema}"`);
    return client;
  };
  return {
    name: "postgres",
    setup: async () => {
      db = await createTestDatabase("migrate");
    },
    teardown: async () => {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await db.drop();
    },
    fresh: async () => {
      const schema = nextSchema();
      const client = await connect("public");
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`SET search_path TO "${schema}"`);
      return {
        exec: pgExecutor(client),
        other: async () => {
          const c = await connect(schema);
          return { exec: pgExecutor(c), end: () => c.end() };
        },
      };
    },
  };
}

export function pgliteBackend(): Backend {
  let db: PGlite;
  return {
    name: "pglite",
    setup: async () => {
      db = await PGlite.create();
    },
    teardown: async () => {
      await db.close();
    },
    fresh: async () => {
      const schema = nextSchema();
      await db.exec(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
      // One backend: a second "session" is the same one (PGlite has no concurrent sessions).
      return {
        exec: pgliteExecutor(db),
        other: async () => ({ exec: pgliteExecutor(db), end: async () => {} }),
      };
    },
  };
}
