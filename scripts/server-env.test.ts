import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_ENV, withServerEnv } from "./server-env.mjs";

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), "utf8");

describe("the server's start-up settings", () => {
  it("are the same in npm start, the Dockerfile and scripts/server-env.json", () => {
    const start: string = JSON.parse(read("package.json")).scripts.start;
    expect(start).toContain(`MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX:-${SERVER_ENV.MALLOC_ARENA_MAX}}`);
    expect(start).toContain(`NODE_OPTIONS="${SERVER_ENV.NODE_OPTIONS} \${NODE_OPTIONS:-}"`);
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toMatch(new RegExp(`^\\s+MALLOC_ARENA_MAX=${SERVER_ENV.MALLOC_ARENA_MAX}\\b`, "m"));
    expect(dockerfile).toMatch(new RegExp(`^\\s+NODE_OPTIONS=${SERVER_ENV.NODE_OPTIONS}$`, "m"));
  });

  it("keep what the caller set and append to its NODE_OPTIONS", () => {
    expect(withServerEnv({ MALLOC_ARENA_MAX: "4", NODE_OPTIONS: "--inspect" })).toMatchObject({
      MALLOC_ARENA_MAX: "4",
      NODE_OPTIONS: `${SERVER_ENV.NODE_OPTIONS} --inspect`,
    });
    expect(withServerEnv({})).toMatchObject(SERVER_ENV);
  });
});
