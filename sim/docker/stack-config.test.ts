import { describe, expect, it } from "vitest";
import { apiEnv, containerSpec } from "./container-specs";
import {
  DEFAULT_STACK_PORTS,
  resolveStackPaths,
  resolveStackPorts,
  servicePorts,
  stackUrls,
} from "./stack-config";

describe("resolveStackPorts", () => {
  it.each([
    ["no env: the process sim's ports and the stack's own", {}, DEFAULT_STACK_PORTS],
    [
      "the process sim's variables move the API, TLS, control and MCP ports",
      { SIM_API_PORT: "28000", SIM_TLS_PORT: "28443", SIM_CONTROL_PORT: "28099", SIM_MCP_PORT: "28080" },
      { ...DEFAULT_STACK_PORTS, api: 28000, apiTls: 28443, apiControl: 28099, mcp: 28080 },
    ],
    [
      "SIM_DB_PORT and friends move the servers",
      {
        SIM_DB_PORT: "35432",
        SIM_REPLICA_PORT: "35433",
        SIM_PGBOUNCER_PORT: "36432",
        SIM_REDIS_PORT: "36379",
      },
      { ...DEFAULT_STACK_PORTS, db: 35432, replica: 35433, pgbouncer: 36432, redis: 36379 },
    ],
    ["empty values are ignored", { SIM_DB_PORT: "" }, DEFAULT_STACK_PORTS],
  ])("%s", (_name, env, expected) => {
    expect(resolveStackPorts(env)).toEqual(expected);
  });

  it.each([
    ["a non-number, naming the variable", { SIM_REDIS_PORT: "six" }, /SIM_REDIS_PORT must be a port number/],
    [
      "an ephemeral port (host networking needs a fixed one)",
      { SIM_API_PORT: "0" },
      /cannot use an ephemeral port \(api = 0\)/,
    ],
  ])("refuses %s", (_name, env, message) => {
    expect(() => resolveStackPorts(env)).toThrow(message);
  });
});

describe("stack settings", () => {
  const settings = { ports: DEFAULT_STACK_PORTS, productRows: 1000 };

  it("gives probes loopback URLs only", () => {
    for (const url of Object.values(stackUrls(DEFAULT_STACK_PORTS)))
      expect(url).toMatch(/@?127\.0\.0\.1:\d+/);
    expect(stackUrls(DEFAULT_STACK_PORTS).pgbouncerAdmin).toBe(
      "postgres://pgbouncer:pgbouncer@127.0.0.1:26432/pgbouncer",
    );
  });

  it("checks every listening port of the API before creating it", () => {
    expect(servicePorts(DEFAULT_STACK_PORTS).api).toEqual([18000, 18443, 18099]);
  });

  it("gives the API the deploy's seven required variables and the real servers' URLs", () => {
    const names = apiEnv(settings).map((e) => e.split("=")[0]);
    for (const required of [
      "DATABASE_URL",
      "REDIS_URL",
      "JWT_SECRET_KEY",
      "POSTGRES_PASSWORD",
      "AFFILIATE_TAG",
      "USD_DEFAULT",
      "US_REGION",
    ]) {
      expect(names).toContain(required);
    }
    expect(apiEnv(settings)).toContain("SIM_DB_URL=postgres://buywhere:buywhere@127.0.0.1:26432/catalog");
  });

  it.each(["db", "db_replica", "pgbouncer", "redis", "mcp", "api", "scraper-scheduler"] as const)(
    "%s: host networking, compose labels, runbook name",
    (service) => {
      const spec = containerSpec(service, "img", settings);
      expect(spec.name).toBe(`buywhere-api-${service}-1`);
      expect(spec.HostConfig?.NetworkMode).toBe("host");
      expect(spec.Labels).toMatchObject({
        "com.docker.compose.project": "buywhere-api",
        "com.docker.compose.service": service,
      });
    },
  );

  it("keeps its state under WARROOM_STACK_DIR, else .warroom/stack", () => {
    expect(resolveStackPaths({}, "/repo").rollbackState).toBe("/repo/.warroom/stack/.rollback_state");
    expect(resolveStackPaths({ WARROOM_STACK_DIR: "/tmp/s" }, "/repo").backups).toBe("/tmp/s/backups");
  });
});
