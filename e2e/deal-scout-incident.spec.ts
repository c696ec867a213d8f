import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page } from "@playwright/test";
import { E2E } from "../playwright.config";
import { LAUNCH_SERVER_HOOK_TIMEOUT_MS, SHOTS, signIn } from "./launch-server";
import { incidentId, incidentPreset, ONCALL_TOKEN, openTv, post, test } from "./spec-server";
import { expectNotClipped } from "./tv-measure";

// One Deal Scout incident end to end, on Deal Scout's own containerised stack: the worker stops consuming
// while 1,500 tasks arrive (003 Task Queue Stuck) → the board and the TV suggest HIGH (P1) with 003's queue
// steps and the readings that found it → the on-call engineer declares it → the TV shows 003's P1 targets
// and ladder → the on-call engineer runs 003's fix for hung workers from the board (kill, remove and
// recreate the worker: confirmed, one run at a time, step by step, audited) → the scenario is switched off
// (queue purged, worker consuming) → the readings recover and the tree no longer points at the queue.
test.use({ serverPort: E2E.port + 14 });

const ACTION = "recreate-worker";

test("deal-scout: task queue stuck, from scenario to declared incident, a service action, and back", async ({
  browser,
  dealScout,
  specServer,
}) => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS + 180_000);
  const { base } = await specServer(incidentPreset("deal-scout", dealScout.presetEnv));
  const tv = await openTv(browser, base);
  const board = await tv.context().newPage();
  await board.goto("/");
  const queueTiles = ["celery-queue", "queue-depth"].map((id) => board.getByTestId(`tile-${id}`));
  // Quiet first: the queue read as empty enough, so what follows is the scenario's doing.
  for (const tile of queueTiles) await expect(tile).toHaveAttribute("data-level", "ok");
  await expect(board.getByTestId("tile-celery-workers")).toHaveAttribute("data-level", "ok");

  try {
    await dealScout.fault("queue-backlog", true);
    await expect(tv.getByTestId("severity-suggestion")).toHaveAttribute("data-severity", "P1");
    const steps = tv.getByTestId("next-steps");
    await expect(steps).toHaveAttribute("data-scenario", "queue");
    await expect(steps).toContainText("Task Queue Stuck runbook");
    await expect(steps).toContainText("redis-cli LLEN celery; celery -A app.worker inspect active / stats");
    await expect(tv.getByTestId("scenario-reading-celery-queue")).toHaveAttribute("data-level", "crit");
    await expect(tv.getByTestId("scenario-reading-queue-depth")).toHaveAttribute("data-level", "crit");
    await expect(tv.getByTestId("severity-suggestion")).toContainText("HIGH");
    await expect(board.getByTestId("next-steps")).toContainText("Dead: docker-compose restart worker");
    for (const tile of queueTiles) await expect(tile).toHaveAttribute("data-level", "crit");
    // The worker still answers ping: hung, not dead, as 003 tells the two apart.
    await expect(board.getByTestId("tile-celery-workers")).toHaveAttribute("data-level", "ok");
    const dir = process.env.WARROOM_SHOTS_DIR ?? SHOTS;
    mkdirSync(dir, { recursive: true });
    await board.screenshot({ path: path.join(dir, "deal-scout-board-scenario.png") });
    await tv.screenshot({ path: path.join(dir, "deal-scout-tv-scenario.png") });

    // The on-call engineer declares what the runbook suggests.
    const declared = await post<{ id?: string; incident?: { id: string } }>(
      base,
      "/api/incidents",
      ONCALL_TOKEN,
      { severity: "P1", title: "Task queue stuck: celery queue over 1000" },
    );

    await expect(tv.getByTestId("incident-severity")).toHaveText("P1 · HIGH");
    await expect(tv.getByTestId("incident-title")).toHaveText("Task queue stuck: celery queue over 1000");
    await expect(tv.getByTestId("target-respond")).toContainText("respond within 5 min");
    const ladder = tv.getByTestId("engagement");
    await expect(ladder).toContainText("T+0 On-call engineer: first responder, runs the runbook");
    await expect(ladder).toContainText("T+30 Senior engineer engaged (code review, database)");
    // 003 step 4 has a condition, not a minute: HIGH's 1 h resolution time passing, or 2 h open.
    await expect(ladder).toContainText("T+60 (unresolved past 1 h (SLA) or open 2 h) Executive / customer");
    await expect(tv.getByTestId("status-update-due").first()).toBeVisible();
    await expect(tv.getByTestId("next-steps")).toHaveAttribute("data-scenario", "queue");
    await expectNotClipped(tv, "incident-panel", "deal-scout TV");
    await tv.screenshot({ path: path.join(dir, "deal-scout-tv-incident.png") });
    await board.screenshot({ path: path.join(dir, "deal-scout-board-incident.png") });

    await recreateHungWorker(browser, base, dir);

    // Off: the queue purged and the worker consuming again; the readings recover on the next cycles.
    await dealScout.fault("queue-backlog", false);
    for (const tile of queueTiles) await expect(tile).toHaveAttribute("data-level", "ok");
    await expect(board.getByTestId("tile-celery-workers")).toHaveAttribute("data-level", "ok");
    await expect(tv.locator("[data-testid='next-steps'][data-scenario='queue']")).toHaveCount(0);
    await expect(tv.getByTestId("scenario-reading-celery-queue")).toHaveCount(0);
    // Declared incidents stay until someone resolves them: the board does not close one by itself.
    await expect(tv.getByTestId("incident-severity")).toHaveText("P1 · HIGH");
    await tv.screenshot({ path: path.join(dir, "deal-scout-tv-recovered.png") });

    await post(base, "/api/incidents/resolve", ONCALL_TOKEN, {
      id: incidentId(declared),
      reason: "queue drained",
    });
    await expect(tv.getByTestId("incident-panel")).toHaveCount(0);
  } finally {
    await dealScout.reset();
  }
});

/**
 * 003 Task Queue Stuck, workers hung: the on-call engineer (the lead) opens the runbook action on the board,
 * sees its plan, types the confirmation and a reason, and watches it run. While it runs no second one
 * starts — the buttons are off and the server refuses — and the start, the refusal and the end are audited.
 */
async function recreateHungWorker(browser: Browser, base: string, dir: string) {
  const { page, context } = await signIn(browser, base, "oncall", {
    name: "On-call engineer",
    viewport: { width: 1920, height: 1080 },
  });
  await page.goto("/");
  const button = page.getByTestId(`service-action-${ACTION}`);
  await button.click();
  const dialog = page.getByTestId("rollback-dialog");
  await expect(dialog).toContainText("Workers hung: kill, remove and recreate the worker");
  const planned = dialog.getByTestId("rollback-plan-steps");
  await expect(planned).toContainText("kill worker");
  await expect(planned).toContainText("remove and recreate worker (same image, same config)");
  await expect(planned).toContainText("watch the queue clear (LLEN celery)");
  await expect(dialog.getByTestId("rollback-go")).toBeDisabled();
  await dialog.getByTestId("rollback-confirm").fill("RECREATE WORKER");
  await dialog
    .getByTestId("rollback-reason")
    .fill("Worker answers ping but takes no task: hung, so kill and recreate it per 003.");
  await dialog.getByTestId("rollback-go").click();
  await expect(dialog).toHaveCount(0);

  const log = page.getByTestId("rollback-log");
  await expect(log).toHaveAttribute("data-status", "running");
  // One at a time: a second start while it runs is refused by the server, and the board's buttons are off.
  const second = await startAgain(page);
  expect(second.status, second.error).toBe(409);
  expect(second.error).toMatch(/a service-action is already running .*: one at a time/);
  await expect(button).toBeDisabled();
  await expect(page.getByTestId("rollback-panel")).toContainText("a run is in progress — one at a time");
  await page.screenshot({ path: path.join(dir, "deal-scout-service-action-running.png") });

  // Step by step: each step of the plan ticked off in the board's log, and the run succeeded.
  await expect(log).toHaveAttribute("data-status", "succeeded", { timeout: 120_000 });
  const ran = log.getByTestId("rollback-step");
  await expect(ran.filter({ hasText: "kill worker" })).toHaveAttribute("data-status", "ok");
  await expect(ran.filter({ hasText: "remove and recreate worker" })).toHaveAttribute("data-status", "ok");
  await expect(ran.filter({ hasText: "watch the queue clear" })).toHaveAttribute("data-status", "ok");
  // The runbook's purge is shown with its warning, never run by warroom.
  await expect(ran.filter({ hasText: "purge every queued task" })).toHaveAttribute("data-status", "manual");
  await expect(ran.and(page.locator(":not([data-status=ok]):not([data-status=manual])"))).toHaveCount(0);
  await expect(button).toBeEnabled();

  // The audit log: who started it and why, the refused second start, and how it ended.
  await page.goto("/owner");
  const audit = page.getByTestId("audit-log").getByTestId("audit-entry");
  await expect(
    audit.filter({ hasText: `service-action ${ACTION}` }).filter({ hasText: "started by oncall" }),
  ).toContainText("hung, so kill and recreate it per 003");
  await expect(
    audit.filter({ hasText: "refused (409)" }).filter({ hasText: "one at a time" }).first(),
  ).toBeVisible();
  await expect(
    page.locator("[data-testid=audit-entry][data-action='service-action.finish']").first(),
  ).toContainText("succeeded");
  await context.close();
}

/** A second start of the same action, previewed just before (the worker moving changes the preview). */
function startAgain(page: Page): Promise<{ status: number; error: string }> {
  return page.evaluate(async (action) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const preview = await fetch(`/api/rollback/plan?kind=service-action&action=${action}`);
      const { plan } = (await preview.json()) as { plan: { planHash: string } };
      const res = await fetch("/api/rollback/service-action", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          action,
          confirm: "RECREATE WORKER",
          reason: "a second click while the first run is going",
          planHash: plan.planHash,
        }),
      });
      const error = ((await res.json()) as { error?: string }).error ?? "";
      // Killed or recreated between the preview and the start: the plan moved under it, preview again.
      if (!(res.status === 409 && error.startsWith("planHash"))) return { status: res.status, error };
    }
    return { status: 0, error: "the plan kept changing under three previews" };
  }, ACTION);
}
