import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { E2E } from "../playwright.config";
import { test } from "./deal-scout-stack";
import {
  closeContexts,
  LAUNCH_SERVER_HOOK_TIMEOUT_MS,
  type LaunchServer,
  REX_TOKEN,
  SHOTS,
  startLaunchServer,
} from "./launch-server";

// One Deal Scout incident end to end, on Deal Scout's own containerised stack: the worker stops consuming
// while 1,500 tasks arrive (003 Task Queue Stuck) → the board and the TV suggest HIGH (P1) with 003's queue
// steps and the readings that found it → the on-call engineer declares it → the TV shows 003's P1 targets
// and ladder → the scenario is switched off (queue purged, worker consuming) → the readings recover and the
// tree no longer points at the queue.
const PORT = E2E.port + 14;

test.afterEach(closeContexts);
let server: LaunchServer | null = null;
test.afterEach(async () => {
  await server?.stop();
  server = null;
});

test("deal-scout: task queue stuck, from scenario to declared incident and back", async ({
  browser,
  dealScout,
}) => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS + 120_000);
  const token = `${REX_TOKEN}-oncall`;
  server = await startLaunchServer(PORT, {
    WARROOM_PRESET: "deal-scout",
    WARROOM_TOKENS: `oncall:${token}`,
    ...dealScout.presetEnv,
  });
  const base = server.base;
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1920, height: 1080 } });
  const tv = await context.newPage();
  await tv.goto("/tv");
  await expect(tv.getByTestId("feed-status")).toHaveAttribute("data-connected", "true");
  const board = await context.newPage();
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
    const res = await fetch(`${base}/api/incidents`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ severity: "P1", title: "Task queue stuck: celery queue over 1000" }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const declared = (await res.json()) as { id?: string; incident?: { id: string } };

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

    const resolved = await fetch(`${base}/api/incidents/resolve`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ id: declared.incident?.id ?? declared.id, reason: "queue drained" }),
    });
    expect(resolved.status, await resolved.clone().text()).toBe(200);
    await expect(tv.getByTestId("incident-panel")).toHaveCount(0);
  } finally {
    await dealScout.reset();
  }
});
