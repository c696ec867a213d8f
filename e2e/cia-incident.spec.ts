import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { E2E } from "../playwright.config";
import { LAUNCH_SERVER_HOOK_TIMEOUT_MS, SHOTS, signIn, signInOn } from "./launch-server";
import { incidentId, incidentPreset, ONCALL_TOKEN, openTv, post, test } from "./spec-server";

// One Customer Intelligence incident end to end: the process sim answers 503 for all requests (004's P0
// example) → the board and the TV suggest P0 with 004's Railway steps → the on-call engineer declares it →
// the TV shows 004's P0 (respond within 15 min, technical lead at T+30, CTO at T+60, status update due) and
// the console renders 004's P0 template from the incident → the technical lead records his item of the P0
// checklist, which every screen and the post-mortem then show, and cannot record the on-call engineer's.
test.use({ serverPort: E2E.port + 13 });

test("customer-intelligence: P0 outage from scenario to declared incident, timers, template and checklist", async ({
  browser,
  cia,
  specServer,
}) => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS + 120_000);
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
  const declared = await post<{ id?: string; incident?: { id: string } }>(
    base,
    "/api/incidents",
    ONCALL_TOKEN,
    { severity: "P0", title: "API returns 503 for all requests" },
  );

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

  // The P0 checklist: the technical lead (an owner) records what the Railway dashboard showed for his
  // item, and sees who recorded it when; it is stored (a reload reads it back) and the board shows it.
  const lead = await signIn(browser, base, "techlead", { name: "Technical lead" });
  const mine = lead.page.getByTestId("checklist-item-outage-memory-limit");
  await expect(mine).toHaveAttribute("data-done", "false");
  await expect(mine).toContainText("owner: Technical lead");
  const note = "memory at 94% for an hour; limit raised 512MB → 1GB";
  await lead.page.getByTestId("checklist-note-outage-memory-limit").fill(note);
  await lead.page.getByTestId("checklist-tick-outage-memory-limit").click();
  await expect(lead.page.getByTestId("incident-ok")).toContainText("Recorded: Cause B");
  const recorded = /Technical lead \d\d:\d\d/;
  await expect(mine).toHaveAttribute("data-done", "true");
  await expect(mine).toContainText(recorded);
  await expect(mine).toContainText(note);
  await lead.page.reload();
  await expect(mine).toHaveAttribute("data-done", "true");
  await expect(mine).toContainText(recorded);
  const onBoard = board.getByTestId("checklist-item-outage-memory-limit");
  await expect(onBoard).toHaveAttribute("data-done", "true");
  await expect(onBoard).toContainText(recorded);
  await expect(board.getByTestId("checklist-tick-outage-memory-limit")).toHaveCount(0);

  // The on-call engineer's item: no button for the technical lead, the row says who records it, and the
  // server refuses him whatever the page shows.
  await expect(lead.page.getByTestId("checklist-tick-outage-logs-oom")).toHaveCount(0);
  await expect(lead.page.getByTestId("checklist-denied-outage-logs-oom")).toHaveText(
    "recorded by On-call engineer or the incident lead",
  );
  const id = incidentId(declared);
  const tried = await lead.page.evaluate(async (incident) => {
    const res = await fetch("/api/incidents/checklist", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ incident, checklist: "outage", item: "logs-oom", note: "Killed in the logs" }),
    });
    return { status: res.status, body: (await res.json()) as { error?: string } };
  }, id);
  expect(tried.status).toBe(403);
  expect(tried.body.error).toBe(
    'item "logs-oom" is ticked by On-call engineer or the incident lead, not Technical lead',
  );
  await expect(owner.getByTestId("checklist-item-outage-logs-oom")).toHaveAttribute("data-done", "false");

  // The post-mortem (so far) lists the item with what was seen, who and when.
  const pm = await fetch(`${base}/api/incidents/${id}/postmortem`, {
    headers: { authorization: `Bearer ${ONCALL_TOKEN}` },
  });
  expect(pm.status).toBe(200);
  const markdown = await pm.text();
  expect(markdown).toContain(`(Railway dashboard: ${note}) — Technical lead at `);
  expect(markdown).toMatch(/checklist \(Technical lead\) recorded \(Railway dashboard\) "Cause B: memory/);
  await lead.page.screenshot({ path: path.join(dir, "cia-console-checklist.png") });
});
