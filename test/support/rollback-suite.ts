import { rm } from "node:fs/promises";
import Docker from "dockerode";
import { afterAll, beforeAll } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { RollbackEnv } from "@/lib/rollback/start-run";
import { isDockerAvailable } from "@/scripts/services/test-servers";
import { type TestStack, testAudit } from "@/test/support/rollback-fixture";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

export type RollbackSuite = {
  docker: Docker;
  /** False without an engine: the suite's describe blocks skip (CI=true without one is an error). */
  engine: boolean;
  db(): PrismaClient;
  databaseUrl(): string;
  /** Remembers a deployed stack so that its state folder is removed after the suite. */
  track(stack: TestStack): TestStack;
  envFor(stack: TestStack, extra?: Partial<RollbackEnv>): RollbackEnv;
};

/**
 * The set-up every rollback suite against the real engine shares: a database of its own for the runs,
 * the runbook's audit, and cleanup of containers, images and state folders afterwards.
 */
export async function rollbackSuite(opts: {
  runbookId: string;
  prepare(docker: Docker): Promise<void>;
  cleanup(docker: Docker): Promise<void>;
}): Promise<RollbackSuite> {
  const docker = new Docker({ socketPath: "/var/run/docker.sock" });
  const engine = await isDockerAvailable();
  if (!engine && process.env.CI === "true")
    throw new Error("CI=true but no Docker engine at /var/run/docker.sock");

  let database: TestDatabase | undefined;
  let db: PrismaClient | undefined;
  const stacks: TestStack[] = [];
  const savedUrl = process.env.DATABASE_URL;
  const audit = testAudit(opts.runbookId);

  beforeAll(async () => {
    if (!engine) return;
    database = await createTestDatabase(opts.runbookId);
    process.env.DATABASE_URL = database.url;
    db = await getDb();
    await opts.prepare(docker);
  }, 120_000);

  afterAll(async () => {
    if (!engine) return;
    await opts.cleanup(docker);
    for (const s of stacks) await rm(s.stateDir, { recursive: true, force: true });
    await closeDb();
    await database?.drop();
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
  });

  const suiteDb = () => {
    if (!db) throw new Error("rollbackSuite: the database is opened in beforeAll");
    return db;
  };
  return {
    docker,
    engine,
    db: suiteDb,
    databaseUrl: () => {
      if (!database) throw new Error("rollbackSuite: the database is created in beforeAll");
      return database.url;
    },
    track(stack) {
      stacks.push(stack);
      return stack;
    },
    envFor: (stack, extra = {}) => ({
      db: suiteDb(),
      docker,
      target: stack.target,
      runbookId: opts.runbookId,
      audit,
      onChange: () => undefined,
      ...extra,
    }),
  };
}
