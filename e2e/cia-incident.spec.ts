import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { E2E } from "../playwright.config";
import { LAUNCH_SERVER_HOOK_TIMEOUT_MS, SHOTS, signInOn } from "./launch-server";
import { incidentPreset, ONCALL_TOKEN, openTv, post, test } from "./spec-server";

// One Customer Intelligence incident end to end: the process sim answers 503 for all requests (004's P0
// example) → the board and the TV suggest P0 with 004's Railway steps → the on-call engineer declares it →
// the TV shows 004's P0 (respond within 15 min, technical lead at T+30, CTO at T+60, status update due) and
// the console renders 004's P0 template from the incident.
test.use({ serverPort: E2E.port + 13 });

test("customer-intelligence: P0 outage from scenario to declared incident, timers and template", async ({
  browser,
  cia,
  specServer,
}) => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS + 90_000);
  const { base } = await specServer(incidentPreset("customer-intelligence", cia.presetEnv));
  const tv = await openTv(browser, base);
  const board = await tv.context().newPage();
  await board.goto("/");

  // Scenario on: every answer 503.
  cia.set({ ciaStatus: 503 });
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
  await post(base, "/api/incidents", ONCALL_TOKEN, {
    severity: "P0",
    title: "API returns 503 for all requests",
  });

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
  const owner = await tv.context().newPage();
  await signInOn(owner, "oncall", "On-call engineer");
  const p0 = owner.getByTestId("comms-text-p0-outage");
  await expect(p0).toContainText("🚨 P0 INCIDENT: API Outage");
  await expect(p0).toContainText("Impact: All API requests failing");
  await expect(p0).toHaveText(/Started: \d\d:\d\d UTC/);
  await expect(p0).toHaveText(/Next Update: \d\d:\d\d UTC or "When resolved"/);
  await expect(owner.getByTestId("comms-p1-degraded")).toBeVisible();
});
