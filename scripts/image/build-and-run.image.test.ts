// The container image, built from the standalone output `next build` made (no second install or build) and
// run with `docker run` as compose.yaml's warroom service would run it, against the containerised BuyWhere
// stack. Runs after the build in `npm test` (scripts/test.sh, under the stack lock): docs/container.md.

import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { BoardState, CheckState } from "@/lib/model/board";
import { assertEngineReachable, connectDocker, socketPathOf } from "@/lib/rollback/docker-engine";
import { containerCheckId } from "@/lib/runbook/presets/buywhere-infra-targets";
import { E2E } from "@/playwright.config";
import { freePort } from "@/scripts/services/test-servers";
import { readStackStatus, resetStack, type StackStatus, stackUp } from "@/sim/docker";
import {
  type BuildResult,
  buildImage,
  dockerCli,
  jsonLogsOf,
  logsOf,
  removeContainer,
  stopContainer,
  waitForDockerHealthy,
  waitForHealthOk,
} from "@/test/support/image-container";
import { createTestDatabase, type TestDatabase, withClient } from "@/test/support/test-database";
import { dockerRunOptions, readComposeService } from "./compose-service";
import { dockerfileBase, ensureLocalBase, type LocalBase } from "./local-base";

const execFileAsync = promisify(execFile);
const ROOT = process.cwd();
const DIST = process.env.WARROOM_DIST_DIR ?? ".next";
const IMAGE = "warroom:image-test";
const NAMES = { pglite: "warroom-image-test-pglite", postgres: "warroom-image-test-postgres" };
const MIGRATIONS = readdirSync(join(ROOT, "prisma/migrations"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const PGLITE_ASSETS = readdirSync(join(ROOT, "node_modules/@electric-sql/pglite/dist")).filter((f) =>
  /\.(wasm|data)$/.test(f),
);
const MB = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const docker = connectDocker();
const started = performance.now();
const summary: string[] = [];
let base: LocalBase;
let build: BuildResult;
let sizeBytes = 0;
let stack: StackStatus;
let dataDir = "";
let configDir = "";
let database: TestDatabase | null = null;

/** compose.yaml's warroom service with this machine's paths and the stack's URLs filled in. */
function composeRun(port: number, db: TestDatabase | null): string[] {
  const dbUrl = db ? new URL(db.url) : null;
  const env: Record<string, string> = {
    WARROOM_PORT: String(port),
    DOCKER_GID: String(statSync(socketPathOf(docker)).gid),
    WARROOM_WATCH_DISK: stack.paths.disk,
    WARROOM_BACKUPS: stack.paths.backups,
    WARROOM_DEPLOY_DIR: stack.paths.root,
    WARROOM_CONFIG_DIR: configDir,
    WARROOM_DB_USER: dbUrl?.username || "postgres",
    WARROOM_DB_PASSWORD: dbUrl?.password || "trust-auth-ignores-it",
    WARROOM_DB_PORT: dbUrl?.port || "5432",
    WARROOM_DB_NAME: dbUrl?.pathname.slice(1) || "postgres",
    WARROOM_LAUNCH_AT: "now+2h",
    WARROOM_API_URL: stack.urls.api,
    WARROOM_MCP_URL: stack.urls.mcp,
    WARROOM_TLS_PORT: String(stack.ports.apiTls),
    WARROOM_DB_URL: stack.urls.db,
    WARROOM_REPLICA_URL: stack.urls.replica,
    WARROOM_PGBOUNCER_ADMIN_URL: stack.urls.pgbouncerAdmin,
    WARROOM_REDIS_URL: stack.urls.redis,
  };
  const service = readComposeService(readFileSync(join(ROOT, "compose.yaml"), "utf8"), "warroom", env, ROOT);
  // Without DATABASE_URL the image keeps its data in PGlite under /data.
  if (!db) delete service.environment.DATABASE_URL;
  // Tests listen on loopback only (the image's default is every address).
  return [...dockerRunOptions(service), "-e", "HOSTNAME=127.0.0.1"];
}

async function startContainer(name: string, port: number, db: TestDatabase | null, extra: string[] = []) {
  await removeContainer(name);
  const t0 = performance.now();
  await dockerCli(["run", "-d", "--name", name, ...composeRun(port, db), ...extra, IMAGE]);
  const base = `http://127.0.0.1:${port}`;
  const health = await waitForHealthOk(base, name, 150_000);
  const readyMs = performance.now() - t0;
  return { base, health, readyMs, t0 };
}

async function readBoard(base: string): Promise<BoardState> {
  return (await (await fetch(`${base}/api/state`)).json()) as BoardState;
}

/** The check's reading once it satisfies `accept` (a first cycle may still be reading the engine's stats). */
async function awaitCheck(base: string, id: string, accept: (c: CheckState) => boolean): Promise<CheckState> {
  let last: CheckState | null = null;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    last = check(await readBoard(base), id);
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`check ${id} never got there: ${last?.level} "${last?.summary}"`);
}

function levelsOf(board: BoardState) {
  const count = (level: string) => board.checks.filter((c) => c.level === level).length;
  return `${board.checks.length} checks (${count("ok")} ok, ${count("warn")} warn, ${count("crit")} crit, ${count("unknown")} unknown)`;
}

const check = (board: BoardState, id: string) => {
  const found = board.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} on the board (${board.checks.map((c) => c.id).join(", ")})`);
  return found;
};

describe("the container image", () => {
  beforeAll(async () => {
    const server = join(ROOT, DIST, "standalone/server.js");
    if (!existsSync(server)) {
      throw new Error(
        `no standalone build at ${server}: this test runs after \`next build\` (npm test builds first; by hand: npm run build)`,
      );
    }
    await assertEngineReachable(docker);
    await removeContainer(NAMES.pglite);
    await removeContainer(NAMES.postgres);
    base = await ensureLocalBase(docker, dockerfileBase(readFileSync(join(ROOT, "Dockerfile"), "utf8")));
    summary.push(
      `base ${base.ref}: ${base.made ? "made now" : "present"}${base.label ? ` (${base.label})` : ""}, ${MB(base.sizeBytes)}`,
    );
    build = await buildImage(IMAGE, DIST, ROOT, 300_000);
    const inspect = await docker.getImage(IMAGE).inspect();
    sizeBytes = inspect.Size;
    for (const line of build.output.filter((l) =>
      /^Step \d+\/\d+|^Successfully|^Sending build context/.test(l),
    )) {
      console.log(`docker build | ${line}`);
    }
    summary.push(`image ${IMAGE} built in ${seconds(build.ms)}: ${MB(sizeBytes)}`);

    // On the e2e ports, where the next step of npm test wants it; up also lays out this checkout's disk
    // mount, backups and rollback state, which the container is given.
    const stackEnv = { ...process.env, ...E2E.stackEnv };
    const up = await stackUp({ env: stackEnv });
    await resetStack({ env: stackEnv });
    stack = await readStackStatus({ env: stackEnv });
    summary.push(`stack up in ${seconds(up.elapsedMs)}`);
    dataDir = mkdtempSync(join(tmpdir(), "warroom-image-data-"));
    chownSync(dataDir, 1000, 1000);
    configDir = mkdtempSync(join(tmpdir(), "warroom-image-config-"));
  }, 420_000);

  afterAll(async () => {
    await removeContainer(NAMES.pglite);
    await removeContainer(NAMES.postgres);
    await dockerCli(["rmi", IMAGE]).catch(() => undefined);
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (configDir) rmSync(configDir, { recursive: true, force: true });
    console.log(`image test: ${summary.join("; ")}; ${seconds(performance.now() - started)} in all`);
  }, 120_000);

  it("compose.yaml is a valid compose file (docker-compose config)", async () => {
    const env = { ...process.env, WARROOM_DB_PASSWORD: "check-only", DOCKER_GID: "999" };
    const { stdout } = await execFileAsync("docker-compose", ["-f", "compose.yaml", "config"], {
      cwd: ROOT,
      env,
    });
    const resolved = parse(stdout) as { services: Record<string, { network_mode?: string }> };
    expect(Object.keys(resolved.services).sort()).toEqual(["postgres", "warroom"]);
    expect(resolved.services.warroom?.network_mode).toBe("host");
    expect(resolved.services.postgres?.network_mode).toBe("host");
  });

  it("runs server.js as uid 1000 with the migrations, PGlite's files and the external packages, and a health check", async () => {
    const inspect = await docker.getImage(IMAGE).inspect();
    expect(inspect.Config.User).toBe("node");
    expect(inspect.Config.Cmd).toEqual(["node", "server.js"]);
    expect(inspect.Config.Healthcheck?.Test?.join(" ")).toContain("/api/health");
    const probe = `
      const fs = require("fs");
      const resolvable = (m) => { try { require.resolve(m); return true; } catch { return false; } };
      console.log(JSON.stringify({
        uid: process.getuid(),
        server: fs.existsSync("server.js"),
        staticFiles: fs.existsSync(${JSON.stringify(`${DIST}/static`)}),
        publicFiles: fs.existsSync("public"),
        liveData: fs.existsSync(".warroom"),
        migrations: fs.readdirSync("prisma/migrations").filter((n) => fs.existsSync("prisma/migrations/" + n + "/migration.sql")).sort(),
        pglite: fs.readdirSync("node_modules/@electric-sql/pglite/dist").filter((f) => /\\.(wasm|data)$/.test(f)),
        externals: ["@electric-sql/pglite", "pino", "prom-client", "dockerode", "pg"].filter((m) => !resolvable(m)),
        dataOwner: fs.statSync("/data").uid,
      }));`;
    const out = await dockerCli([
      "run",
      "--rm",
      "--network",
      "host",
      "--entrypoint",
      "node",
      IMAGE,
      "-e",
      probe,
    ]);
    expect(JSON.parse(out)).toEqual({
      uid: 1000,
      server: true,
      staticFiles: true,
      publicFiles: true,
      liveData: false,
      migrations: MIGRATIONS,
      pglite: expect.arrayContaining(PGLITE_ASSETS),
      externals: [],
      dataOwner: 1000,
    });
  });

  it("starts on PGlite by default and reads the stack through compose.yaml's mounts", async () => {
    const port = await freePort();
    const run = await startContainer(NAMES.pglite, port, null, ["-v", `${dataDir}:/data`]);
    expect(run.health.storage?.kind).toBe("pglite");
    expect(existsSync(join(dataDir, "pglite/PG_VERSION"))).toBe(true);
    const ok = (c: CheckState) => c.level === "ok";
    const known = (c: CheckState) => c.level !== "unknown";
    expect((await readBoard(run.base)).runbook.id).toBe("buywhere-us-launch");
    // Host network: the stack's API on loopback; the socket and its group: the containers.
    await awaitCheck(run.base, "api-health", ok);
    await awaitCheck(run.base, containerCheckId("api"), ok);
    // The mounts of the host probes: disk, backups, the host's /proc.
    expect((await awaitCheck(run.base, "host-disk", known)).summary).toMatch(
      /^disk \/host\/disk [\d.]+% used/,
    );
    await awaitCheck(run.base, "backup-age", ok);
    await awaitCheck(run.base, "host-memory", known);
    await awaitCheck(run.base, "host-load", known);
    // The page and its static assets (copied beside the standalone server) are served.
    const page = await fetch(`${run.base}/`);
    expect(page.status).toBe(200);
    const asset = /\/_next\/static\/[^"]+\.(?:css|js)/.exec(await page.text())?.[0];
    expect(asset).toBeDefined();
    expect((await fetch(`${run.base}${asset}`)).status).toBe(200);
    // The deploy folder holds the rollback state file where the rollback will look for it.
    await dockerCli(["exec", NAMES.pglite, "test", "-r", "/host/deploy/.rollback_state"]);
    const healthy = await waitForDockerHealthy(NAMES.pglite, 90_000);
    expect(healthy).toBe("healthy");
    const applied = (await jsonLogsOf(NAMES.pglite)).find((l) => l.event === "migrations-applied");
    expect(applied?.names).toEqual(MIGRATIONS);
    const board = await readBoard(run.base);
    const exitCode = await stopContainer(NAMES.pglite, 20);
    expect(exitCode, await logsOf(NAMES.pglite)).toBe(0);
    const shutdown = (await jsonLogsOf(NAMES.pglite)).find((l) => l.event === "shutdown");
    expect(shutdown?.signal).toBe("SIGTERM");
    summary.push(
      `PGlite run: /api/health ok after ${seconds(run.readyMs)}, Docker healthy after ${seconds(performance.now() - run.t0)}, board ${levelsOf(board)}, stopped with exit 0`,
    );
  }, 300_000);

  it("starts on PostgreSQL with DATABASE_URL as compose.yaml sets it", async () => {
    database = await createTestDatabase("image");
    const port = await freePort();
    const run = await startContainer(NAMES.postgres, port, database);
    expect(run.health.storage?.kind).toBe("postgres");
    const migrations = await withClient(database.url, (c) =>
      c.query<{ name: string }>(
        "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1",
      ),
    );
    expect(migrations.rows.map((r) => r.name)).toEqual(MIGRATIONS);
    await expect
      .poll(
        () =>
          withClient(database?.url ?? "", (c) =>
            c.query<{ n: string }>('SELECT count(*) AS n FROM "Snapshot"'),
          ).then((r) => Number(r.rows[0]?.n ?? 0)),
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    const board = await readBoard(run.base);
    expect(board.storage.kind).toBe("postgres");
    const exitCode = await stopContainer(NAMES.postgres, 20);
    expect(exitCode, await logsOf(NAMES.postgres)).toBe(0);
    summary.push(
      `PostgreSQL run: /api/health ok after ${seconds(run.readyMs)}, board ${levelsOf(board)}, snapshots stored`,
    );
  }, 300_000);
});
