import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { E2E } from "../playwright.config";

// Faults on the containerised stack's real servers (docs/docker-stack.md), switched with the same CLI an
// operator uses, read by the dashboard's infra probes: the board shows the right tiles critical, each
// with the reason, and `stack reset` brings them back. The stack is up on the e2e ports, under the stack
// lock, from e2e/global-setup.ts.
const SHOTS = "/tmp/warroom-shots";

test.describe.configure({ mode: "serial" });

/** `npm run sim -- <args>` against the stack the global setup brought up; fails the test on an error. */
function sim(...args: string[]): string {
  const r = spawnSync("node_modules/.bin/tsx", ["sim/cli.ts", ...args], {
    env: { ...process.env, ...E2E.stackEnv },
    encoding: "utf8",
    timeout: 90_000,
  });
  if (r.status !== 0) throw new Error(`sim ${args.join(" ")} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r.stdout.trim();
}

async function expectTile(page: Page, id: string, level: string, why: RegExp, timeout = 15_000) {
  const tile = page.getByTestId(`tile-${id}`);
  await expect(tile).toHaveAttribute("data-level", level, { timeout });
  await expect(tile.getByTestId("tile-why")).toContainText(why);
}

test.afterAll(() => {
  sim("stack", "reset");
});

test("pool-exhaustion and container-exit turn the right tiles critical with their reasons; reset restores", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto("/");
  await expectTile(page, "db-pool", "ok", /pool catalog: \d+\/20 sv_active/, 30_000);
  await expectTile(page, "container-api", "ok", /buywhere-api-api-1 running \(healthy\)/, 30_000);

  console.log(sim("fault", "on", "pool-exhaustion"));
  // incident §2.3: clients waiting for a server connection is critical, whatever the usage %.
  await expectTile(
    page,
    "db-pool",
    "crit",
    /\d+ clients? waiting for a server connection in pool catalog \(maxwait [\d.]+ s, 20\/20 sv_active\)/,
  );
  await expect(page.getByTestId("gauge-db-pool")).toHaveAttribute("data-level", "crit");
  // A red gauge says why on its face, not only its colour.
  await expect(page.getByTestId("gauge-db-pool-why")).toContainText("waiting for a server connection");
  // The API's /health/detailed queries through PgBouncer and waits behind the waiting clients: it answers
  // 503 after its own 2 s bound, later than the probe's deadline at a 1 s interval.
  await expectTile(
    page,
    "api-health-detailed",
    "crit",
    /HTTP 503 from \/health\/detailed|no response from 127\.0\.0\.1:\d+ within \d+ ms/,
  );

  const stopped = Date.now();
  console.log(sim("fault", "on", "container-exit"));
  await expectTile(page, "container-api", "crit", /buywhere-api-api-1 exited with code \d+ at /);
  console.log(`container-exit → API container tile critical on screen after ${Date.now() - stopped} ms`);
  await expectTile(page, "api-health", "crit", /refused/);
  // The pool fault is still on: both readings are on the board at once.
  await expect(page.getByTestId("tile-db-pool")).toHaveAttribute("data-level", "crit");

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/stack-two-faults.png`, fullPage: true });
  await page.screenshot({ path: "test-results/board-stack-two-faults.png", fullPage: true });

  console.log(sim("stack", "reset"));
  await expectTile(page, "container-api", "ok", /running \(healthy\)/, 30_000);
  await expectTile(page, "db-pool", "ok", /0 waiting/, 30_000);
  await expectTile(page, "api-health", "ok", /HTTP 200/, 30_000);
  await expectTile(page, "api-health-detailed", "ok", /db_response_ms/, 30_000);
});
