import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exportPreset } from "@/lib/runbook/export-preset";
import { loadRunbook, RunbookError } from "@/lib/runbook/load-runbook";
import { PRESETS } from "@/lib/runbook/presets";

const SECRETS = {
  BUYWHERE_API_KEY: "bw_live_9f8e7d6c5b4a",
  WARROOM_CIA_ADMIN_KEY: "cia-admin-0a1b2c3d4e",
  WARROOM_DB_URL: "postgres://app:hunter2-db-pass@db.internal:5432/catalog",
  WARROOM_PGBOUNCER_ADMIN_URL: "postgres://stats:pgb-pass-77@pgb.internal:6432/pgbouncer",
};

/** Another stack: every variable the presets read, URLs with trailing slashes, paths absolute. */
const MOVED = {
  ...SECRETS,
  WARROOM_API_URL: "https://api.shop.example/",
  WARROOM_MCP_URL: "http://10.1.0.5:9000",
  WARROOM_TLS_HOST: "api.shop.example",
  WARROOM_TLS_PORT: "443",
  WARROOM_TLS_SERVERNAME: "api.shop.example",
  WARROOM_REPLICA_URL: "postgres://app:hunter2-db-pass@replica.internal:5432/catalog",
  WARROOM_PGBOUNCER_POOL: "catalog",
  WARROOM_REDIS_URL: "redis://cache.internal:6379/1",
  WARROOM_STACK_DIR: "/srv/shop/",
  WARROOM_DISK_PATH: "/var",
  WARROOM_ALEMBIC_DIR: "/srv/shop/alembic/versions",
  WARROOM_DOCKER_SOCKET: "/run/user/1000/docker.sock",
  WARROOM_DOCKER_PROJECT: "shop",
  WARROOM_API_IMAGE: "shop-api",
  WARROOM_DEALSCOUT_URL: "http://deals.internal:8100/",
  WARROOM_DEALSCOUT_REDIS_URL: "redis://deals-cache:6379",
  WARROOM_DEALSCOUT_DISK_PATH: "/data",
  WARROOM_DEALSCOUT_PROJECT: "deals",
  WARROOM_CIA_URL: "https://cia.up.railway.app",
};

/** Relative paths, and the simulator's admin key as the only one. */
const RELATIVE = { WARROOM_STACK_DIR: "stack-b", SIM_CIA_ADMIN_KEY: "sim-admin-key-123" };

const ENVS: [string, Record<string, string>][] = [
  ["defaults", {}],
  ["another stack", MOVED],
  ["relative paths", RELATIVE],
];
const NOW = new Date("2026-04-23T12:00:00Z");
const dir = mkdtempSync(path.join(tmpdir(), "warroom-export-"));

function writeExport(id: string, env: Record<string, string>): { file: string; text: string } {
  const text = exportPreset(id, env);
  const file = path.join(dir, `${id}-${Object.keys(env).length}.yaml`);
  writeFileSync(file, text);
  return { file, text };
}

describe("export → WARROOM_RUNBOOK loads back the preset", () => {
  const cases = Object.keys(PRESETS).flatMap((id) => ENVS.map(([name, env]) => [id, name, env] as const));
  it.each(cases)("%s under %s", (id, _name, env) => {
    const { file } = writeExport(id, env);
    const direct = loadRunbook({ ...env, WARROOM_PRESET: id }, NOW);
    const loaded = loadRunbook({ ...env, WARROOM_RUNBOOK: file }, NOW);
    expect(loaded.source).toBe(file);
    expect(loaded.runbook).toEqual(direct.runbook);
    expect(loaded.launchOverride).toEqual(direct.launchOverride);
  });

  it("the other stack's values are what both load (the comparison is not between two sets of defaults)", () => {
    const { file } = writeExport("buywhere-us-launch", MOVED);
    const { runbook } = loadRunbook({ ...MOVED, WARROOM_RUNBOOK: file }, NOW);
    const url = (id: string) => (runbook.checks.find((c) => c.id === id) as { url?: string }).url;
    expect(url("api-health")).toBe("https://api.shop.example/health");
    expect(url("db-primary")).toBe(SECRETS.WARROOM_DB_URL);
    expect(runbook.actions?.stack?.project).toBe("shop");
    expect(runbook.actions?.stack?.stateFile).toBe("/srv/shop/.rollback_state");
    const pool = runbook.checks.find((c) => c.id === "db-pool");
    expect(pool).toMatchObject({ host: "pgb.internal", port: 6432, user: "stats", password: "pgb-pass-77" });
  });
});

describe("environment values are written as references, never as their values", () => {
  const texts = Object.keys(PRESETS).map((id) => writeExport(id, MOVED).text);
  const all = texts.join("\n");

  it.each(Object.entries(SECRETS))("%s is referenced and its value is absent", (name, value) => {
    expect(all).toContain(`\${${name}}`);
    expect(all).not.toContain(value);
  });

  it("no password of a URL, nor the keys, appears in any form", () => {
    for (const secret of ["hunter2", "pgb-pass-77", "bw_live_", "cia-admin-"])
      expect(all).not.toContain(secret);
    expect(texts[0]).toContain(`Authorization: Bearer \${BUYWHERE_API_KEY}`);
    expect(texts[0]).toContain(`url: \${WARROOM_API_URL}/health`);
    expect(texts[0]).toContain(`path: \${WARROOM_STACK_DIR}/backups`);
    expect(texts[2]).toContain(`X-Admin-Key: \${WARROOM_CIA_ADMIN_KEY}`);
  });

  it("loading the export without a referenced variable names the field and the variable", () => {
    const { file } = writeExport("buywhere-us-launch", MOVED);
    const { BUYWHERE_API_KEY: _unset, ...env } = MOVED;
    expect(() => loadRunbook({ ...env, WARROOM_RUNBOOK: file }, NOW)).toThrow(
      /checks\[4\]\.headers\.Authorization: \$\{BUYWHERE_API_KEY\} is not set and has no default/,
    );
  });
});

describe("what an export cannot say is refused, not written", () => {
  it("a pool derived from the database URL names the field and the variable", () => {
    const env = { WARROOM_DB_URL: "postgres://app:hunter2-db-pass@db.internal:5432/shop" };
    expect(() => exportPreset("buywhere-us-launch", env)).toThrow(RunbookError);
    expect(() => exportPreset("buywhere-us-launch", env)).toThrow(
      /checks\[\d+\]\.database \(db-pool\): derived from WARROOM_DB_URL in a way a \$\{VAR\} reference cannot express/,
    );
    expect(exportPreset("buywhere-us-launch", { ...env, WARROOM_PGBOUNCER_POOL: "shop" })).toContain(
      `database: \${WARROOM_PGBOUNCER_POOL}`,
    );
  });

  it("an unknown preset is named with the known ones", () => {
    expect(() => exportPreset("nope", {})).toThrow(
      /unknown preset "nope"; known presets: buywhere-us-launch/,
    );
  });
});
