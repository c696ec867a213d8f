import { defineConfig } from "@playwright/test";

// Own ports, so a demo running on the defaults does not collide with the tests.
// E2E_PORT_OFFSET shifts every port, so two runs can share a machine.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
const sim = { api: 28000 + offset, tls: 28443 + offset, mcp: 28080 + offset, control: 28099 + offset };
/** The containerised stack's servers on their own ports (e2e/global-setup.ts brings them up). */
const stack = {
  db: 29432 + offset,
  replica: 29532 + offset,
  pgbouncer: 29632 + offset,
  redis: 29379 + offset,
};

export const E2E = {
  port: 3100 + offset,
  sim,
  stack,
  intervalMs: 1000,
  /** `npm run sim -- stack …` on these ports (docs/docker-stack.md "Other ports"). */
  stackEnv: {
    SIM_API_PORT: String(sim.api),
    SIM_TLS_PORT: String(sim.tls),
    SIM_MCP_PORT: String(sim.mcp),
    SIM_CONTROL_PORT: String(sim.control),
    SIM_DB_PORT: String(stack.db),
    SIM_REPLICA_PORT: String(stack.replica),
    SIM_PGBOUNCER_PORT: String(stack.pgbouncer),
    SIM_REDIS_PORT: String(stack.redis),
  },
  /** The BuyWhere preset's targets on that stack: spread into every `next start` the specs run. */
  warroomEnv: {
    WARROOM_API_URL: `http://127.0.0.1:${sim.api}`,
    WARROOM_MCP_URL: `http://127.0.0.1:${sim.mcp}`,
    WARROOM_TLS_PORT: String(sim.tls),
    WARROOM_DB_URL: `postgres://buywhere:buywhere@127.0.0.1:${stack.db}/catalog`,
    WARROOM_REPLICA_URL: `postgres://buywhere:buywhere@127.0.0.1:${stack.replica}/catalog`,
    WARROOM_PGBOUNCER_ADMIN_URL: `postgres://pgbouncer:pgbouncer@127.0.0.1:${stack.pgbouncer}/pgbouncer`,
    WARROOM_REDIS_URL: `redis://127.0.0.1:${stack.redis}`,
  },
} as const;

const dataDir = `${process.env.TMPDIR ?? "/tmp"}/warroom-e2e-${process.pid}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  // Every expectation polls observable state; this bounds how long. Five seconds (the default) is what a
  // page render, a first SSE message or a cycle can take on a 2-core host at load 20 with seven browser
  // contexts open: the bound is set for that machine, the expectations themselves stay exact.
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E.port}`,
    viewport: { width: 1920, height: 1080 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  // The simulated BuyWhere stack runs as Docker containers, under the shared stack lock: see
  // e2e/global-setup.ts. Playwright starts the web server first, then the global setup.
  globalSetup: "./e2e/global-setup.ts",
  webServer: [
    {
      command: `node_modules/.bin/next start -p ${E2E.port} -H 127.0.0.1`,
      url: `http://127.0.0.1:${E2E.port}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        NEXT_MANUAL_SIG_HANDLE: "true",
        WARROOM_DATA_DIR: dataDir,
        WARROOM_INTERVAL_MS: String(E2E.intervalMs),
        WARROOM_LAUNCH_AT: "now+2h",
        ...E2E.warroomEnv,
      },
    },
  ],
});
