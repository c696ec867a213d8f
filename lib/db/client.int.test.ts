import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, describeDb, getDb } from "@/lib/db/client";
import { lockPathFor } from "@/lib/db/data-dir-lock";
import { defaultMigrationsDir, listMigrationFiles } from "@/lib/db/migration-files";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

const CHILD = path.join(process.cwd(), "test", "support", "open-db.ts");
const saved = { DATABASE_URL: process.env.DATABASE_URL, WARROOM_DATA_DIR: process.env.WARROOM_DATA_DIR };
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "warroom-client-"));
});
afterEach(async () => {
  await closeDb();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

function usePglite(name: string): string {
  const dataDir = path.join(root, name, "deep", "pglite");
  delete process.env.DATABASE_URL;
  process.env.WARROOM_DATA_DIR = dataDir;
  return dataDir;
}

/** Runs the fixture in a separate `tsx` process, as a second server would. */
function runChild(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD], {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("getDb with embedded PGlite", () => {
  it("opens one process-wide instance, migrated, shared through globalThis", async () => {
    const dataDir = usePglite("shared");
    const db = await getDb();
    expect(await getDb()).toBe(db);

    // Another bundle (route handler vs instrumentation) has its own copy of the module.
    vi.resetModules();
    const otherCopy = await import("@/lib/db/client");
    expect(otherCopy.getDb).not.toBe(getDb);
    expect(await otherCopy.getDb()).toBe(db);

    const info = await describeDb();
    expect(info.kind).toBe("pglite");
    expect(info.location).toBe(dataDir);
    expect(info.migrations).toEqual((await listMigrationFiles(defaultMigrationsDir())).map((m) => m.name));
    expect(info.migrations[0]).toMatch(/^\d{14}_init$/);
    const lock = JSON.parse(await readFile(lockPathFor(dataDir), "utf8"));
    expect(lock.pid).toBe(process.pid);

    await closeDb();
    expect(existsSync(lockPathFor(dataDir))).toBe(false);
    await closeDb(); // twice is fine
  });

  it("refuses a second process on the same data directory, naming it and the holder", async () => {
    const dataDir = usePglite("second-process");
    await getDb();
    const refused = await runChild({ WARROOM_DATA_DIR: dataDir });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("DataDirLockedError");
    expect(refused.stderr).toContain(dataDir);
    expect(refused.stderr).toContain(`process ${process.pid}`);

    // Once we let go, the other process gets in (and releases it in turn).
    await closeDb();
    const admitted = await runChild({ WARROOM_DATA_DIR: dataDir });
    expect(admitted.stderr).not.toContain("Error");
    expect(admitted.code).toBe(0);
    expect(JSON.parse(admitted.stdout.trim().split("\n").at(-1) ?? "")).toMatchObject({
      kind: "pglite",
      location: dataDir,
    });
    expect(existsSync(lockPathFor(dataDir))).toBe(false);
  });

  it("takes over a stale lock left by a dead process", async () => {
    const dataDir = usePglite("stale");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const deadPid = Number(dead.stdout);
    // A crashed process left its lock behind.
    await mkdir(path.dirname(dataDir), { recursive: true });
    await writeFile(
      lockPathFor(dataDir),
      JSON.stringify({ pid: deadPid, startedAt: Date.now() - 60_000, host: os.hostname(), token: "x" }),
    );
    const db = await getDb();
    expect(await db.snapshot.count()).toBe(0);
    expect(JSON.parse(await readFile(lockPathFor(dataDir), "utf8")).pid).toBe(process.pid);
  });
});

describe("getDb with DATABASE_URL", () => {
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = await createTestDatabase("client");
  });
  afterAll(async () => {
    await closeDb();
    await pg.drop();
  });

  it("uses PostgreSQL, applies migrations, and never reveals the password", async () => {
    const url = new URL(pg.url);
    url.password = "s3cret-pw"; // trust auth ignores it
    process.env.DATABASE_URL = url.toString();
    const db = await getDb();
    expect(await db.snapshot.count()).toBe(0);
    const info = await describeDb();
    expect(info.kind).toBe("postgres");
    expect(info.location).not.toContain("s3cret");
    expect(info.location).toBe(`postgresql://postgres@127.0.0.1:5432/${pg.name}`);
    expect(info.migrations).toEqual((await listMigrationFiles(defaultMigrationsDir())).map((m) => m.name));
  });

  it("forgets a failed open so that a later call can retry", async () => {
    process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/nothing_listens_here";
    await expect(getDb()).rejects.toThrow();
    process.env.DATABASE_URL = pg.url;
    expect(await (await getDb()).snapshot.count()).toBe(0);
  });
});
