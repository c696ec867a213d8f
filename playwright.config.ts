import { defineConfig } from "@playwright/test";

// Own ports, so a demo running on the defaults does not collide with the tests.
// E2E_PORT_OFFSET shifts every port, so two runs can share a machine.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const E2E = {
  port: 3100 + offset,
  sim: { api: 28000 + offset, tls: 28443 + offset, mcp: 28080 + offset, control: 28099 + offset },
  intervalMs: 1000,
} as const;

const dataDir = `${process.env.TMPDIR ?? "/tmp"}/warroom-e2e-${process.pid}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
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
  webServer: [
    {
      command: "node_modules/.bin/tsx sim/cli.ts start",
      url: `http://127.0.0.1:${E2E.sim.control}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: {
        SIM_API_PORT: String(E2E.sim.api),
        SIM_TLS_PORT: String(E2E.sim.tls),
        SIM_MCP_PORT: String(E2E.sim.mcp),
        SIM_CONTROL_PORT: String(E2E.sim.control),
      },
    },
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
        WARROOM_API_URL: `http://127.0.0.1:${E2E.sim.api}`,
        WARROOM_MCP_URL: `http://127.0.0.1:${E2E.sim.mcp}`,
        WARROOM_TLS_PORT: String(E2E.sim.tls),
      },
    },
  ],
});
