import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PROBES } from "@/lib/collector/probe-registry";
import { DEFAULT_LOG_PATTERNS, INFRA_CHECK_SCHEMAS, infraCheckSchema } from "@/lib/model/infra-checks";
import type { ProbeContext, ProbeResult } from "@/lib/model/probe";
import {
  httpCheckSchema,
  productDetailCheckSchema,
  prometheusCheckSchema,
  redirectCheckSchema,
  searchCheckSchema,
  thresholdSchema,
  tlsCheckSchema,
} from "@/lib/model/runbook-schema";
import { INFRA_PROBES } from "@/lib/probes/infra/registry";

// What the lead's one-line change to checkSchema produces; it must build and dispatch.
const combined = z.discriminatedUnion("kind", [
  httpCheckSchema,
  searchCheckSchema,
  productDetailCheckSchema,
  redirectCheckSchema,
  tlsCheckSchema,
  prometheusCheckSchema,
  ...INFRA_CHECK_SCHEMAS,
]);
type Combined = z.infer<typeof combined>;
type CombinedRegistry = {
  [K in Combined["kind"]]: (check: Extract<Combined, { kind: K }>, ctx: ProbeContext) => Promise<ProbeResult>;
};
// Compile-time: the merged registry is exhaustive over the merged union.
const MERGED: CombinedRegistry = { ...PROBES, ...INFRA_PROBES };

const base = { id: "c", label: "c" };

describe("INFRA_CHECK_SCHEMAS joined to checkSchema", () => {
  it("parses core and infra kinds alike, and every kind has a probe", () => {
    expect(combined.parse({ ...base, kind: "http", url: "http://127.0.0.1/health" }).kind).toBe("http");
    const pg = combined.parse({
      ...base,
      kind: "postgres",
      url: "postgres://u@127.0.0.1/x",
      measure: "ping",
    });
    expect(pg).toMatchObject({ kind: "postgres", measure: "ping" });
    for (const schema of INFRA_CHECK_SCHEMAS) {
      const kinds =
        "options" in schema
          ? schema.options.map((o) => o.shape.kind.value)
          : ["in" in schema ? schema.in.shape.kind.value : schema.shape.kind.value];
      for (const kind of kinds) expect(typeof MERGED[kind]).toBe("function");
    }
  });
});

describe("thresholds (one schema for every check kind)", () => {
  const cases: [unknown, boolean][] = [
    [{ direction: "above", warn: 70, crit: 85 }, true],
    [{ direction: "above", warn: 90, crit: 85 }, false],
    [{ direction: "below", warn: 30, crit: 7 }, true],
    [{ direction: "below", warn: 7, crit: 30 }, false],
    [{ direction: "above" }, false],
    [{ direction: "sideways", warn: 1 }, false],
    [{ direction: "above", crit: 24, source: "launch-day" }, true],
    [{ direction: "above", warn: "70" }, false],
  ];
  it.each(cases)("%o → valid %s", (input, valid) => {
    expect(thresholdSchema.safeParse(input).success).toBe(valid);
    const viaInfra = infraCheckSchema.safeParse({
      ...base,
      kind: "host",
      measure: "swap",
      thresholds: input,
    });
    expect(viaInfra.success).toBe(valid);
  });
});

describe("defaults", () => {
  it("docker-container: the default socket and launch-day §3.4 CPU levels", () => {
    const c = infraCheckSchema.parse({ ...base, kind: "docker-container", container: "buywhere-api-api-1" });
    expect(c).toMatchObject({
      socketPath: "/var/run/docker.sock",
      statsEverySec: 10,
      thresholds: { warn: 60, crit: 85 },
    });
  });
  it("docker-logs: the incident §2.5 patterns over 5 minutes", () => {
    const c = infraCheckSchema.parse({
      ...base,
      kind: "docker-logs",
      project: "buywhere-api",
      service: "api",
    });
    expect(c).toMatchObject({ sinceSec: 300, patterns: DEFAULT_LOG_PATTERNS, warnCount: 1, critCount: 10 });
  });
  it("pgbouncer: 70 / 90 % on server connections in use", () => {
    const c = infraCheckSchema.parse({ ...base, kind: "pgbouncer", database: "catalog" });
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 6432,
      user: "pgbouncer",
      usageOf: "sv_active",
      thresholds: { warn: 70, crit: 90 },
    });
  });
  it("redis memory 70 / 85 %, host backup-age crit 24 h, migration-version table", () => {
    expect(
      infraCheckSchema.parse({ ...base, kind: "redis", url: "redis://127.0.0.1", measure: "memory" }),
    ).toMatchObject({
      thresholds: { warn: 70, crit: 85 },
    });
    expect(
      infraCheckSchema.parse({ ...base, kind: "host", measure: "backup-age", path: "/backups" }),
    ).toMatchObject({
      thresholds: { direction: "above", crit: 24 },
    });
    expect(
      infraCheckSchema.parse({
        ...base,
        kind: "postgres",
        url: "postgres://u@h/db",
        measure: "migration-version",
        expected: "036_add_bulk_ingestion_jobs",
      }),
    ).toMatchObject({ table: "alembic_version", column: "version_num" });
  });
});

describe("bad configs are refused with the field named", () => {
  const cases: { name: string; input: Record<string, unknown>; path: string; message?: RegExp }[] = [
    {
      name: "docker target missing",
      input: { kind: "docker-container" },
      path: "container",
      message: /either container/,
    },
    {
      name: "docker target twice",
      input: { kind: "docker-logs", container: "a", project: "p", service: "s" },
      path: "container",
    },
    {
      name: "project without service",
      input: { kind: "docker-env", project: "p", secret: ["X"] },
      path: "container",
    },
    { name: "env with nothing to check", input: { kind: "docker-env", container: "a" }, path: "required" },
    {
      name: "secret with an expected value",
      input: {
        kind: "docker-env",
        container: "a",
        required: [{ name: "JWT", equals: "x" }],
        secret: ["JWT"],
      },
      path: "secret",
    },
    {
      name: "env name",
      input: { kind: "docker-env", container: "a", secret: ["not-a-name"] },
      path: "secret.0",
    },
    {
      name: "bad regex",
      input: { kind: "docker-logs", container: "a", patterns: ["(unclosed"] },
      path: "patterns.0",
    },
    {
      name: "warnCount > critCount",
      input: { kind: "docker-logs", container: "a", warnCount: 5, critCount: 2 },
      path: "warnCount",
    },
    { name: "pgbouncer without database", input: { kind: "pgbouncer" }, path: "database" },
    { name: "postgres url", input: { kind: "postgres", url: "mysql://x", measure: "ping" }, path: "url" },
    {
      name: "postgres measure",
      input: { kind: "postgres", url: "postgres://x", measure: "vibes" },
      path: "measure",
    },
    {
      name: "row-count floor",
      input: { kind: "postgres", url: "postgres://x", measure: "row-count", table: "products" },
      path: "floor",
    },
    {
      name: "row-count warnBelow under floor",
      input: {
        kind: "postgres",
        url: "postgres://x",
        measure: "row-count",
        table: "products",
        floor: 10,
        warnBelow: 5,
      },
      path: "warnBelow",
    },
    {
      name: "table name injection",
      input: {
        kind: "postgres",
        url: "postgres://x",
        measure: "row-count",
        table: "products; DROP TABLE x",
        floor: 1,
      },
      path: "table",
    },
    { name: "redis url", input: { kind: "redis", url: "http://x", measure: "ping" }, path: "url" },
    {
      name: "queue without key",
      input: { kind: "redis", url: "redis://x", measure: "queue-length" },
      path: "key",
    },
    {
      name: "relative backups path",
      input: { kind: "host", measure: "backup-age", path: "backups" },
      path: "path",
    },
    { name: "load window", input: { kind: "host", measure: "load", window: 2 }, path: "window" },
    {
      name: "threshold order",
      input: { kind: "host", measure: "disk", thresholds: { direction: "above", warn: 95, crit: 90 } },
      path: "thresholds",
    },
    {
      name: "prometheus-query without query",
      input: { kind: "prometheus-query", url: "http://127.0.0.1:9090" },
      path: "query",
    },
  ];
  it.each(cases)("$name → $path", ({ input, path, message }) => {
    const r = infraCheckSchema.safeParse({ ...base, ...input });
    expect(r.success).toBe(false);
    const issue = r.error?.issues.find((i) => i.path.join(".") === path);
    expect(issue, JSON.stringify(r.error?.issues)).toBeDefined();
    if (message) expect(issue?.message).toMatch(message);
  });
});
