import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E } from "../playwright.config";
import { startOthers } from "../sim/index";
import {
  closeContexts,
  LAUNCH_SERVER_HOOK_TIMEOUT_MS,
  type LaunchServer,
  REX_TOKEN,
  SHOTS,
  startLaunchServer,
} from "./launch-server";

// One Customer Intelligence incident end to end: the process sim answers 503 for all requests (004's P0
// example) → the board and the TV suggest P0 with 004's Railway steps → the on-call engineer declares it →
// the TV shows 004's P0 (respond within 15 min, technical lead at T+30, CTO at T+60, status update due) and
// the console renders 004's P0 template from the incident.
const PORT = E2E.port + 13;

test.afterEach(closeContexts);
let server: LaunchServer | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
});

test("customer-intelligence: P0 outage from scenario to declared incident, timers and template", async ({
  browser,
}) => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS + 90_000);
  const others = await startOthers({ dealScout: 0, cia: 0 }, {});
  try {
    const token = `${REX_TOKEN}-oncall`;
    server = await startLaunchServer(PORT, {
      WARROOM_PRESET: "customer-intelligence",
      WARROOM_TOKENS: `oncall:${token}`,
      WARROOM_CIA_URL: others.urls.cia,
      WARROOM_CIA_ADMIN_KEY: others.adminKey,
    });
    const base = server.base;
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1920, height: 1080 } });
    const tv = await context.newPage();
    await tv.goto("/tv");
    await expect(tv.getByTestId("feed-status")).toHaveAttribute("data-connected", "true");
    const board = await context.newPage();
    await board.goto("/");

    // Scenario on: every answer 503.
    others.set({ ciaStatus: 503 });
    await expect(tv.getByTestId("severity-suggestion")).toHaveAttribute("data-severity", "P0");
    await expect(tv.getByTestId("next-steps")).toHaveAttribute("data-scenario", "health");
    await expect(tv.getByTestId("next-steps")).toContainText("railway status");
    await expect(tv.getByTestId("scenario-reading-health")).toHaveAttribute("data-level", "crit");
    await expect(board.getByTestId("next-steps")).toContainText("railway logs --tail 100");
    const dir = process.env.WARROOM_SHOTS_DIR ?? SHOTS;
    mkdirSync(dir, { recursive: true });
    await board.screenshot({ path: path.join(dir, "cia-board-scenario.png") });
    await tv.screenshot({ path: path.join(dir, "cia-tv-scenario.png") });

    // The on-call engineer declares what the runbook suggests.
    const res = await fetch(`${base}/api/incidents`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ severity: "P0", title: "API returns 503 for all requests" }),
    });
    expect(res.status, await res.clone().text()).toBe(200);

    await expect(tv.getByTestId("incident-severity")).toHaveText("P0");
    await expect(tv.getByTestId("incident-severity")).toHaveAttribute("title", "Complete outage");
    await expect(tv.getByTestId("target-respond")).toContainText("respond within 15 min");
    const ladder = tv.getByTestId("engagement");
    await expect(ladder).toContainText("T+0 On-call engineer (immediate response)");
    await expect(ladder).toContainText("T+30 Technical lead (unresolved in 30 min)");
    await expect(ladder).toContainText("T+60 CTO (customer-impacting > 1 hour)");
    await expect(tv.getByTestId("status-update-due").first()).toBeVisible();
    await tv.screenshot({ path: path.join(dir, "cia-tv-incident.png") });
    await board.screenshot({ path: path.join(dir, "cia-board-incident.png") });

    // 004's P0 template, rendered from the incident on the console: started in UTC, next update in 15 min.
    // Signed in with the demo password; the console names the person by the preset's name.
    const owner = await context.newPage();
    await owner.goto("/signin");
    await owner.locator("select[name=person]").selectOption("oncall");
    await owner.locator("input[name=password]").fill("oncall-demo-pass");
    await owner.getByRole("button", { name: "Sign in" }).click();
    await expect(owner.getByTestId("whoami")).toContainText("On-call engineer", { timeout: 60_000 });
    await owner.goto("/owner");
    const p0 = owner.getByTestId("comms-text-p0-outage");
    await expect(p0).toContainText("🚨 P0 INCIDENT: API Outage");
    await expect(p0).toContainText("Impact: All API requests failing");
    await expect(p0).toHaveText(/Started: \d\d:\d\d UTC/);
    await expect(p0).toHaveText(/Next Update: \d\d:\d\d UTC or "When resolved"/);
    await expect(owner.getByTestId("comms-p1-degraded")).toBeVisible();
  } finally {
    await others.stop();
  }
});
