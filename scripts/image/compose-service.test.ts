import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { dockerRunOptions, interpolate, readComposeService } from "./compose-service";
import { dockerfileBase } from "./local-base";

const ROOT = process.cwd();
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

describe("interpolate (compose's variable substitution)", () => {
  const env = { SET: "value", EMPTY: "" };
  const cases = [
    { text: `\${SET}`, want: "value" },
    { text: "$SET/x", want: "value/x" },
    { text: `\${UNSET}`, want: "" },
    { text: `\${UNSET:-fallback}`, want: "fallback" },
    { text: `\${EMPTY:-fallback}`, want: "fallback" },
    { text: `\${EMPTY-fallback}`, want: "" },
    { text: `\${UNSET-fallback}`, want: "fallback" },
    { text: `\${SET:-fallback}`, want: "value" },
    { text: `\${SET:?needed}`, want: "value" },
    { text: `$$HOME and $\${SET}`, want: `$HOME and \${SET}` },
    { text: `a:\${UNSET:-/}:b`, want: "a:/:b" },
  ];
  it.each(cases)("$text → $want", ({ text, want }) => expect(interpolate(text, env)).toBe(want));

  it("a required variable that is missing or empty is an error naming it", () => {
    expect(() => interpolate(`\${UNSET:?set UNSET first}`, env)).toThrow("UNSET: set UNSET first");
    expect(() => interpolate(`\${EMPTY:?}`, env)).toThrow("EMPTY: required variable is not set");
  });
});

describe("compose.yaml", () => {
  const text = read("compose.yaml");
  const env = { WARROOM_DB_PASSWORD: "secret", WARROOM_API_URL: "http://127.0.0.1:1" };
  const warroom = readComposeService(text, "warroom", env, "/srv/warroom");
  const postgres = readComposeService(text, "postgres", env, "/srv/warroom");

  it("has exactly warroom and its PostgreSQL, both on the host's network", () => {
    expect(Object.keys((parse(text) as { services: object }).services).sort()).toEqual([
      "postgres",
      "warroom",
    ]);
    expect(warroom.networkMode).toBe("host");
    expect(postgres.networkMode).toBe("host");
    expect(warroom.init).toBe(true);
    expect(warroom.raw.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
  });

  it("gives warroom the Docker socket and its group, and the host probes their mounts", () => {
    const mounts = Object.fromEntries(warroom.volumes.map((m) => [m.target, m]));
    expect(mounts["/var/run/docker.sock"]).toMatchObject({ source: "/var/run/docker.sock", readOnly: false });
    expect(mounts["/host/disk"]).toMatchObject({ source: "/", readOnly: true });
    expect(mounts["/host/backups"]).toMatchObject({ readOnly: true });
    expect(mounts["/host/proc"]).toMatchObject({ source: "/proc", readOnly: true });
    // A rollback writes .rollback_state beside the old one: the deploy folder is writable.
    expect(mounts["/host/deploy"]).toMatchObject({ source: "/srv/warroom/deploy", readOnly: false });
    expect(warroom.groupAdd).toEqual(["999"]);
    expect(warroom.environment).toMatchObject({
      WARROOM_DOCKER_SOCKET: "/var/run/docker.sock",
      WARROOM_DISK_PATH: "/host/disk",
      WARROOM_BACKUP_DIR: "/host/backups",
      WARROOM_STACK_DIR: "/host/deploy",
      WARROOM_HOST_PROC: "/host/proc",
    });
  });

  it("points warroom at its PostgreSQL, on the port that PostgreSQL listens on", () => {
    expect(warroom.environment.DATABASE_URL).toBe("postgres://warroom:secret@127.0.0.1:5433/warroom");
    expect(postgres.environment).toMatchObject({
      PGPORT: "5433",
      POSTGRES_PASSWORD: "secret",
      POSTGRES_DB: "warroom",
    });
    expect(postgres.healthcheck).toMatchObject({
      test: ["CMD-SHELL", expect.stringContaining("pg_isready")],
    });
    expect(() => readComposeService(text, "warroom", {}, "/srv/warroom")).toThrow(/WARROOM_DB_PASSWORD/);
  });

  it("passes a variable through only when it is set (an empty one would replace a preset's default)", () => {
    expect(warroom.environment.WARROOM_API_URL).toBe("http://127.0.0.1:1");
    expect(warroom.environment).not.toHaveProperty("WARROOM_MCP_URL");
  });

  it("every variable it passes through is one README's configuration table documents", () => {
    const readme = read("README.md");
    const passed = (warroom.raw.environment as string[]).filter((e) => !e.includes("="));
    expect(passed.length).toBeGreaterThan(10);
    for (const name of passed) expect(readme, name).toContain(`\`${name}\``);
  });

  it("turns into docker run options", () => {
    const args = dockerRunOptions(warroom);
    expect(args.slice(0, 5)).toEqual(["--network", "host", "--init", "--group-add", "999"]);
    expect(args).toContain("/proc:/host/proc:ro");
    expect(args).toContain("WARROOM_STACK_DIR=/host/deploy");
  });
});

describe("Dockerfile", () => {
  const text = read("Dockerfile");
  it("builds on the official Node 20 image, runs unprivileged, checks /api/health", () => {
    expect(dockerfileBase(text)).toEqual({ repo: "node", tag: "20-bookworm-slim" });
    expect(text).toMatch(/^USER node$/m);
    expect(text).toMatch(/^HEALTHCHECK .*\n.*\/api\/health/m);
    expect(text).toMatch(/^COPY prisma\/migrations /m);
    expect(text).toMatch(/^CMD \["node", "server.js"\]$/m);
  });

  it("sends only the build's output and the migrations to the engine", () => {
    expect(
      read(".dockerignore")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))[0],
    ).toBe("*");
  });
});

describe("dockerfileBase", () => {
  const cases = [
    { text: "FROM node:20-bookworm-slim\n", want: { repo: "node", tag: "20-bookworm-slim" } },
    { text: "# c\nfrom registry:5000/team/node\n", want: { repo: "registry:5000/team/node", tag: "latest" } },
    { text: "FROM alpine:3 AS base\n", want: { repo: "alpine", tag: "3" } },
  ];
  it.each(cases)("$text", ({ text, want }) => expect(dockerfileBase(text)).toEqual(want));
});
