import { describe, expect, it } from "vitest";
import type { Runbook } from "@/lib/model/runbook-schema";
import { loadRunbook } from "@/lib/runbook/load-runbook";

type Check = Runbook["checks"][number];

const byId = (runbook: Runbook, id: string): Check => {
  const check = runbook.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check;
};
const field = (check: Check, name: string): unknown => (check as Record<string, unknown>)[name];

describe("BuyWhere preset: infra checks (launch-day §1.1–1.3, §3.4; deploy §1.3–1.6; incident §2)", () => {
  const { runbook } = loadRunbook({ WARROOM_STACK_DIR: "/srv/stack" });

  it("reads every container of the compose project by its service label", () => {
    const containers = runbook.checks.filter((c) => c.kind === "docker-container");
    expect(containers.map((c) => [c.id, field(c, "project"), field(c, "service")])).toEqual([
      ["container-api", "buywhere-api", "api"],
      ["container-mcp", "buywhere-api", "mcp"],
      ["container-db", "buywhere-api", "db"],
      ["container-db-replica", "buywhere-api", "db_replica"],
      ["container-pgbouncer", "buywhere-api", "pgbouncer"],
      ["container-redis", "buywhere-api", "redis"],
      ["container-scraper-scheduler", "buywhere-api", "scraper-scheduler"],
      // Launch day's worker by its container name, then deploy §2 step 7's services.
      ["container-scraper-worker", undefined, undefined],
      ["container-backup-cron", "buywhere-api", "backup-cron"],
      ["container-metrics-collector", "buywhere-api", "metrics-collector"],
      ["container-blackbox-exporter", "buywhere-api", "blackbox-exporter"],
      ["container-alertmanager", "buywhere-api", "alertmanager"],
      ["container-loki", "buywhere-api", "loki"],
      ["container-fluent-bit", "buywhere-api", "fluent-bit"],
      ["container-grafana", "buywhere-api", "grafana"],
    ]);
    for (const c of containers) {
      expect(field(c, "socketPath")).toBe("/var/run/docker.sock");
      expect(field(c, "thresholds")).toMatchObject({ warn: 60, crit: 85 });
    }
  });

  it("checks the API's environment without ever asking for the secret's value", () => {
    const env = byId(runbook, "api-env");
    expect(field(env, "required")).toEqual([
      { name: "USD_DEFAULT", equals: "USD" },
      { name: "US_REGION", equals: "us" },
      { name: "AFFILIATE_TAG", equals: "buywhere-20" },
    ]);
    expect(field(env, "secret")).toEqual([
      "JWT_SECRET_KEY",
      "DATABASE_URL",
      "REDIS_URL",
      "POSTGRES_PASSWORD",
    ]);
  });

  it("points databases, PgBouncer, Redis, disk and backups at the containerised stack by default", () => {
    expect(field(byId(runbook, "db-primary"), "url")).toBe(
      "postgres://buywhere:buywhere@127.0.0.1:25432/catalog",
    );
    expect(field(byId(runbook, "db-replica-lag"), "url")).toBe(
      "postgres://buywhere:buywhere@127.0.0.1:25433/catalog",
    );
    expect(byId(runbook, "db-pool")).toMatchObject({
      host: "127.0.0.1",
      port: 26432,
      user: "pgbouncer",
      password: "pgbouncer",
      database: "catalog",
      thresholds: { warn: 70, crit: 90 },
    });
    expect(byId(runbook, "db-migration")).toMatchObject({ expected: "036_add_bulk_ingestion_jobs" });
    expect(byId(runbook, "db-products")).toMatchObject({ table: "products", floor: 1_300_000 });
    expect(byId(runbook, "redis-memory")).toMatchObject({
      url: "redis://127.0.0.1:26379",
      thresholds: { warn: 70, crit: 85 },
    });
    expect(byId(runbook, "host-disk")).toMatchObject({ path: "/srv/stack/disk", thresholds: { crit: 85 } });
    expect(byId(runbook, "backup-age")).toMatchObject({
      path: "/srv/stack/backups",
      thresholds: { crit: 24 },
    });
    expect(runbook.checks.filter((c) => c.kind === "host").map((c) => field(c, "measure"))).toEqual([
      "disk",
      "swap",
      "memory",
      "load",
      "backup-age",
      "env-file",
      "git-log",
    ]);
  });

  it("takes every target from the environment", () => {
    const { runbook: moved } = loadRunbook({
      WARROOM_DOCKER_SOCKET: "/run/other.sock",
      WARROOM_DOCKER_PROJECT: "prod",
      WARROOM_DB_URL: "postgres://u:p@db.internal:5432/shop",
      WARROOM_REPLICA_URL: "postgres://u:p@replica.internal:5432/shop",
      WARROOM_PGBOUNCER_ADMIN_URL: "postgres://stats:s%40cret@pgb.internal:6432/pgbouncer",
      WARROOM_REDIS_URL: "redis://cache.internal:6379/1",
      WARROOM_DISK_PATH: "/var",
      WARROOM_BACKUP_DIR: "/home/paperclip/.rex/workspace/backups",
    });
    expect(byId(moved, "container-api")).toMatchObject({ socketPath: "/run/other.sock", project: "prod" });
    expect(byId(moved, "api-images")).toMatchObject({ container: "prod-api-1", repository: "buywhere-api" });
    expect(field(byId(moved, "db-connections"), "url")).toBe("postgres://u:p@db.internal:5432/shop");
    expect(field(byId(moved, "db-replica"), "url")).toBe("postgres://u:p@replica.internal:5432/shop");
    expect(byId(moved, "db-pool")).toMatchObject({
      host: "pgb.internal",
      port: 6432,
      user: "stats",
      password: "s@cret",
      database: "shop",
    });
    expect(field(byId(moved, "redis-clients"), "url")).toBe("redis://cache.internal:6379/1");
    expect(field(byId(moved, "host-disk"), "path")).toBe("/var");
    expect(field(byId(moved, "backup-age"), "path")).toBe("/home/paperclip/.rex/workspace/backups");
  });

  it("expects the latest alembic head when the deployed code's versions directory is given", () => {
    const { runbook: prod } = loadRunbook({
      WARROOM_ALEMBIC_DIR: "/home/paperclip/buywhere-api/alembic/versions",
    });
    const migration = byId(prod, "db-migration");
    expect(field(migration, "versionsDir")).toBe("/home/paperclip/buywhere-api/alembic/versions");
    expect(field(migration, "expected")).toBeUndefined();
  });

  it("refuses a PgBouncer admin URL that is not a URL, naming the field", () => {
    expect(() => loadRunbook({ WARROOM_PGBOUNCER_ADMIN_URL: "not a url" })).toThrow(
      /checks\[\d+\]\.url: is not a URL like postgres:/,
    );
  });

  it("draws the pool, Redis memory and disk as gauges", () => {
    expect(runbook.gauges.map((g) => g.check)).toEqual(
      expect.arrayContaining(["db-pool", "redis-memory", "host-disk"]),
    );
  });
});

describe("BuyWhere launch flow: P0 gates and T-2h items are measured", () => {
  const { runbook } = loadRunbook({});
  const flow = runbook.launchFlow;

  it("every P0 gate but the incident one names checks; backup and disk use the host probe", () => {
    const gates = Object.fromEntries(flow.gates.map((g) => [g.id, g]));
    expect(gates.backup?.checks).toEqual(["backup-age"]);
    expect(gates.disk?.checks).toEqual(["host-disk"]);
    for (const g of flow.gates.filter((g) => g.incident === undefined))
      expect(g.checks.length).toBeGreaterThan(0);
  });

  it("T-2h reads containers, pool, Redis, disk/swap, env, migrations and backup itself", () => {
    const items = flow.milestones.find((m) => m.id === "t-2h")?.items ?? [];
    const checksOf = (id: string) => {
      const item = items.find((i) => i.id === id);
      return item?.kind === "auto" ? item.checks : `manual ${item?.id}`;
    };
    expect(checksOf("pre-containers")).toEqual([
      "container-api",
      "container-mcp",
      "container-db",
      "container-pgbouncer",
      "container-redis",
    ]);
    expect(checksOf("pre-pgbouncer")).toEqual(["db-pool"]);
    expect(checksOf("pre-redis")).toEqual(["redis-ping"]);
    expect(checksOf("pre-disk-swap")).toEqual(["host-disk", "host-swap"]);
    expect(checksOf("pre-env")).toEqual(["api-env"]);
    expect(checksOf("pre-migrations")).toEqual(["db-migration"]);
    expect(checksOf("pre-backup")).toEqual(["backup-age"]);
    expect(checksOf("pre-catalog")).toEqual(["catalog-count", "db-products"]);
    // Sentry, GA4 and comms have no probe: they stay manual.
    expect(checksOf("pre-sentry-dsn")).toBe("manual pre-sentry-dsn");
    // Amazon's tag is read on /go/test-asin; the other retailers' have nothing to read: Link ticks them.
    expect(checksOf("pre-affiliate-tags")).toEqual(["affiliate-test-asin"]);
    expect(checksOf("pre-affiliate-tags-others")).toBe("manual pre-affiliate-tags-others");
    expect(items.find((i) => i.id === "pre-affiliate-tags-others")).toMatchObject({
      kind: "manual",
      owner: "link",
    });
  });
});

describe("Deal Scout preset", () => {
  it("reads memory and disk (003) at / by default; the celery queue at its own stack's Redis, never BuyWhere's", () => {
    const { runbook } = loadRunbook({ WARROOM_PRESET: "deal-scout" });
    const redisChecks = runbook.checks.filter((c) => c.kind === "redis");
    expect(redisChecks.map((c) => field(c, "url"))).toEqual(
      redisChecks.map(() => "redis://127.0.0.1:27379/0"),
    );
    expect(byId(runbook, "celery-queue")).toMatchObject({
      kind: "redis",
      url: "redis://127.0.0.1:27379/0",
      measure: "queue-length",
      key: "celery",
      thresholds: { direction: "above", crit: 1000 },
    });
    expect(byId(runbook, "memory")).toMatchObject({
      kind: "host",
      measure: "memory",
      thresholds: { warn: 85 },
    });
    expect(byId(runbook, "disk")).toMatchObject({ kind: "host", path: "/", thresholds: { crit: 95 } });
  });

  it("moves its Redis, database, eBay and disk with the environment", () => {
    const { runbook } = loadRunbook({
      WARROOM_PRESET: "deal-scout",
      WARROOM_DEALSCOUT_REDIS_URL: "redis://10.0.0.5:6379/2",
      WARROOM_DEALSCOUT_DATABASE_URL: "postgres://ds@10.0.0.6:5432/deals",
      WARROOM_DEALSCOUT_EBAY_URL: "https://api.ebay.com/",
      WARROOM_DEALSCOUT_DISK_PATH: "/data",
    });
    expect(field(byId(runbook, "celery-queue"), "url")).toBe("redis://10.0.0.5:6379/2");
    expect(field(byId(runbook, "celery-workers"), "url")).toBe("redis://10.0.0.5:6379/2");
    expect(field(byId(runbook, "db-locks"), "url")).toBe("postgres://ds@10.0.0.6:5432/deals");
    expect(field(byId(runbook, "ebay-api"), "url")).toBe("https://api.ebay.com/api/health");
    expect(field(byId(runbook, "disk"), "path")).toBe("/data");
  });
});
