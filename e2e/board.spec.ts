import { expect, test } from "@playwright/test";
import { buildBuyWhereUsLaunch } from "../lib/runbook/presets/buywhere-us-launch";
import { E2E } from "../playwright.config";
import { resetFaults, setFault } from "./sim-control";

// How e2e runs: e2e/global-setup.ts brings the containerised BuyWhere stack up on the e2e
// ports under /tmp/warroom-stack.lock, and the dashboard (playwright.config.ts) runs the full BuyWhere
// preset against it: API, MCP, TLS and /metrics from the API container (whose control port takes the
// process sim's faults, e.g. api-down), plus containers, PgBouncer, PostgreSQL, Redis, disk and backups.
// So "all green" here is the whole preset green, infra included. Stack faults: e2e/stack.spec.ts.
const PRESET_CHECKS = buildBuyWhereUsLaunch(E2E.warroomEnv).checks;
const CHECKS = PRESET_CHECKS.length;
// Checks this deployment does not set up (Sentry, GA4, the deployed code's git checkout): unknown, saying why.
const NOT_SET_UP = PRESET_CHECKS.filter((c) => c.unavailable).map((c) => c.id);

// The target — on screen within one interval + 1 s — is a bench figure (`npm run bench -- --only=detection`);
// here the time is printed and the wait bounded for a loaded host (the suite's expect timeout).
const TARGET_MS = E2E.intervalMs + 1000;

test.beforeEach(async () => {
  await resetFaults();
});

test.afterAll(async () => {
  await resetFaults();
});

test("the board shows every check green on a healthy stack", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("feed-status")).toHaveAttribute("data-connected", "true");
  const tiles = page.locator("article[data-testid^='tile-']");
  await expect(tiles).toHaveCount(CHECKS);
  // Rate checks need two scrapes of /metrics, container CPU a background sample; then all are OK.
  const others =
    "article[data-testid^='tile-']:not([data-testid='tile-api-images']):not([data-testid='tile-host-load'])" +
    ":not([data-testid='tile-api-uptime'])" +
    NOT_SET_UP.map((id) => `:not([data-testid='tile-${id}'])`).join("");
  await expect(page.locator(`${others}[data-level='ok']`)).toHaveCount(CHECKS - 3 - NOT_SET_UP.length, {
    timeout: 30_000,
  });
  for (const id of NOT_SET_UP) {
    await expect(page.getByTestId(`tile-${id}`)).toHaveAttribute("data-level", "unknown");
  }
  // Uptime since T-0 is counted from T-0 (two hours away here): not measured yet is unknown, never 100%.
  const uptime = page.getByTestId("tile-api-uptime");
  await expect(uptime).toHaveAttribute("data-level", "unknown");
  await expect(uptime.getByTestId("tile-why")).toContainText("counted from T-0");
  // The load of the machine running the tests is not the stack's: it depends on what else runs there (in
  // CI the build just before; on a shared box other runs, which have pushed it past 6 per core). Its
  // level is not asserted, only that it is a real reading with its figure.
  const load = page.getByTestId("tile-host-load");
  await expect(load).toHaveAttribute("data-level", /^(ok|warn|crit)$/);
  await expect(load.getByTestId("tile-why")).toContainText(/^load (per core \(5 min\) )?[\d.]+/);
  // A stack that has only ever had one release (a fresh clone) has no image to roll back to: the board
  // must say so (warn), not call it green.
  const images = page.getByTestId("tile-api-images");
  if ((await images.getAttribute("data-level")) === "ok") {
    await expect(images.getByTestId("tile-why")).toContainText(/rollback target sha-/);
  } else {
    await expect(images).toHaveAttribute("data-level", "warn");
    await expect(images.getByTestId("tile-why")).toContainText(
      /buywhere-api.*: .*a rollback has no earlier release to go back to/,
    );
  }
  for (const gauge of ["db-pool", "redis-memory", "host-disk"])
    await expect(page.getByTestId(`gauge-${gauge}`)).toHaveAttribute("data-level", "ok");
  await expect(page.getByTestId("countdown")).toHaveText(/^T-01:[0-5]\d:\d\d$/); // two hours ahead at start-up, less the wait for the stack
  await expect(page.getByTestId("launch-discrepancy")).toContainText("13:00 UTC");
  await expect(page.getByTestId("gauge-error-rate")).toHaveAttribute("data-level", "ok");
  // A flat 0% line has no height, so check the drawn path rather than visibility.
  await expect(page.getByTestId("history-chart").locator("path.recharts-line-curve")).toHaveAttribute(
    "d",
    /^M[^A-Z]+[CL]/,
  );
  await page.screenshot({ path: "test-results/board-all-green.png", fullPage: true });
});

test("api-down turns the API health tile critical with the reason, and recovery restores it", async ({
  page,
}) => {
  await page.goto("/");
  const tile = page.getByTestId("tile-api-health");
  await expect(tile).toHaveAttribute("data-level", "ok");

  const switchedOn = Date.now();
  await setFault("api-down", true);
  await expect(tile).toHaveAttribute("data-level", "crit");
  const detectedMs = Date.now() - switchedOn;
  await expect(tile.getByTestId("tile-why")).toContainText(/refused/i);
  console.log(
    `api-down on → API health tile critical on screen after ${detectedMs} ms (target ${TARGET_MS} ms)`,
  );
  await page.screenshot({ path: "test-results/board-api-down.png", fullPage: true });

  await setFault("api-down", false);
  await expect(tile).toHaveAttribute("data-level", "ok");
  await expect(tile.getByTestId("tile-why")).not.toContainText(/refused/i);
});

test("a lost live feed never leaves a tile green", async ({ page }) => {
  // One real state, then the stream ends and will not be retried for 10 min; polling is cut too.
  await expect
    .poll(async () => (await (await page.request.get("/api/state")).json()).counts?.ok, { timeout: 15_000 })
    .toBeGreaterThan(10);
  const snapshot = await (await page.request.get("/api/state")).text();
  await page.route("**/api/stream", (route) =>
    route.fulfill({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: `retry: 600000\n\nevent: state\ndata: ${snapshot}\n\n`,
    }),
  );
  await page.route("**/api/state", (route) => route.abort());
  await page.goto("/");
  const tile = page.getByTestId("tile-api-health");
  await expect(tile).toHaveAttribute("data-level", "ok");
  await expect(page.getByTestId("feed-status")).toHaveAttribute("data-connected", "false");
  // The last good value must not stay on screen: past 2 intervals + timeout it turns unknown with its age.
  await expect(tile).toHaveAttribute("data-level", "unknown");
  await expect(tile.getByTestId("tile-why")).toContainText(
    /stale: last reading \d+ s ago \(live feed lost\)/,
  );
  await expect(page.getByTestId("feed-status")).toContainText("FEED LOST");
  await page.screenshot({ path: "test-results/board-feed-lost.png" });
});
