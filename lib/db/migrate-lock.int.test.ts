import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { defaultMigrationsDir } from "@/lib/db/migration-files";
import { postgresBackend } from "@/test/support/test-backends";

const MIGRATIONS = defaultMigrationsDir();

describe("applyMigrations on postgres: Prisma's advisory lock", () => {
  const backend = postgresBackend();
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());

  it("waits for pg_advisory_lock(72707369) held elsewhere and gives up at the deadline", async () => {
    const session = await backend.fresh();
    const holder = await session.other();
    await holder.exec.query("SELECT pg_advisory_lock(72707369)");
    const started = Date.now();
    await expect(applyMigrations(session.exec, MIGRATIONS, { lockTimeoutMs: 300 })).rejects.toMatchObject({
      code: "LOCK_TIMEOUT",
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await holder.exec.query("SELECT pg_advisory_unlock(72707369)");
    expect(
      (await applyMigrations(session.exec, MIGRATIONS, { lockTimeoutMs: 300 })).applied.length,
    ).toBeGreaterThan(0);
    // and it released the lock afterwards
    expect(await holder.exec.query("SELECT pg_try_advisory_lock(72707369) AS ok")).toEqual([{ ok: true }]);
    await holder.end();
  });
});
