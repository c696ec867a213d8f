import path from "node:path";
import { describe, expect, it } from "vitest";
import { redactUrl, resolveDbConfig } from "@/lib/db/client";

describe("resolveDbConfig", () => {
  it.each([
    [
      { DATABASE_URL: "postgresql://u:p@127.0.0.1/db" },
      { kind: "postgres", url: "postgresql://u:p@127.0.0.1/db" },
    ],
    [{ DATABASE_URL: "  " }, { kind: "pglite", dataDir: path.join(process.cwd(), ".warroom", "pglite") }],
    [{}, { kind: "pglite", dataDir: path.join(process.cwd(), ".warroom", "pglite") }],
    [{ WARROOM_DATA_DIR: "data/db" }, { kind: "pglite", dataDir: path.resolve("data/db") }],
    [
      { WARROOM_DATA_DIR: "/srv/warroom", DATABASE_URL: "postgres://x@localhost/y" },
      { kind: "postgres", url: "postgres://x@localhost/y" },
    ],
  ])("%o", (env, expected) => {
    expect(resolveDbConfig(env as NodeJS.ProcessEnv)).toEqual(expected);
  });
});

describe("redactUrl", () => {
  it.each([
    [
      "postgresql://bolt:hunter2@db.internal:5432/warroom?sslmode=require",
      "postgresql://bolt@db.internal:5432/warroom?sslmode=require",
    ],
    ["postgresql://bolt@127.0.0.1/warroom", "postgresql://bolt@127.0.0.1/warroom"],
    ["not a url", "(unparseable DATABASE_URL)"],
  ])("%s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redactUrl(url)).not.toContain("hunter2");
  });
});
