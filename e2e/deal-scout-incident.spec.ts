import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { E2E } from "../playwright.config";
import { LAUNCH_SERVER_HOOK_TIMEOUT_MS, SHOTS } from "./launch-server";
import { incidentId, incidentPreset, ONCALL_TOKEN, openTv, post, test } from "./spec-server";

// One Deal Scout incident end to end, on Deal Scout's own containerised stack: the worker stops consuming
// while 1,500 tasks arrive (003 Task Queue Stuck) → the board and the TV suggest HIGH (P1) with 003's queue
// steps and the readings that found it → the on-call engineer declares it → the TV shows 003's P1 targets
// and ladder → the scenario is switched off (queue purged, worker consuming) → the readings recover and the
// tree no longer points at the queue.
test.use({ serverPort: E2E.port + 14 });

test("deal-scout: task queue stuck, from scenario to declared incident and back", async ({
  browser,
  dealScout,
  specServer,
}) => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS + 120_000);
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
    await expect(tv.getByTestId("status-update-due").first()).toBeVisible();
    await expect(tv.getByTestId("next-steps")).toHaveAttribute("data-scenario", "queue");
    await tv.screenshot({ path: path.join(dir, "deal-scout-tv-incident.png") });
    await board.screenshot({ path: path.join(dir, "deal-scout-board-incident.png") });

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
