// How the dashboard's server process starts wherever this repository starts it (the demo, the bench; `npm
// start` and the Dockerfile carry the same values, checked by scripts/server-env.test.ts): fewer glibc malloc
// arenas and a 1 MB young generation keep its memory near its live heap (docs/storage.md#memory).
import { readFileSync } from "node:fs";

export const SERVER_ENV = JSON.parse(readFileSync(new URL("./server-env.json", import.meta.url), "utf8"));

/** `env` with the server's settings added; a value the caller already set wins, NODE_OPTIONS is appended to. */
export function withServerEnv(env) {
  return {
    ...env,
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? SERVER_ENV.MALLOC_ARENA_MAX,
    NODE_OPTIONS: [SERVER_ENV.NODE_OPTIONS, env.NODE_OPTIONS].filter(Boolean).join(" "),
  };
}
