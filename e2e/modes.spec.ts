import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page } from "@playwright/test";
import { E2E } from "../playwright.config";
import { LAUNCH_SERVER_HOOK_TIMEOUT_MS, REX_TOKEN, SHOTS } from "./launch-server";
import { incidentId, incidentPreset, ONCALL_TOKEN, openTv, post, test } from "./spec-server";
import { expectNoScroll, expectNotClipped, measureFonts } from "./tv-measure";

// Each preset's shared screen in each of its modes at 1920×1080: which panels are drawn and which are not,
// nothing past the screen's edge or cut by its panel, and the TV's type sizes. One server at a time, on one
// port.
test.use({ serverPort: E2E.port + 11 });
const LAUNCH_ONLY = ["tv-countdown", "launch-phase", "poll", "gates", "next-milestone"];

test.describe.configure({ mode: "serial" });

/** The mode, the panels it must and must not draw, every one of them on screen, and the type sizes. */
async function expectScreen(tv: Page, label: string, mode: string, shown: string[], absent: string[]) {
  await expect(tv.getByTestId("tv")).toHaveAttribute("data-mode", mode);
  for (const id of shown) {
    const box = await tv.getByTestId(id).first().boundingBox();
    expect(box, `${label}: ${id} is drawn`).not.toBeNull();
    if (!box) continue;
    expect(box.y + box.height, `${label}: ${id} bottom edge`).toBeLessThanOrEqual(1080);
    expect(box.x + box.width, `${label}: ${id} right edge`).toBeLessThanOrEqual(1920);
  }
  for (const id of absent) await expect(tv.getByTestId(id), `${label}: no ${id}`).toHaveCount(0);
  // The incident is what the room reads first: never cut off by the room its panel is given.
  if (shown.includes("incident-panel")) await expectNotClipped(tv, "incident-panel", label);
  await expectNoScroll(tv, label);
  const fonts = await measureFonts(tv);
  console.log(
    `${label}: smallest text ${fonts.smallest.px} px, gauge values ${Math.min(...fonts.values)} px`,
  );
  expect(fonts.smallest.px, `${label}: "${fonts.smallest.text}"`).toBeGreaterThanOrEqual(20);
  for (const px of fonts.values) expect(px).toBeGreaterThanOrEqual(40);
  if (mode === "launch") expect(fonts.countdown).toBeGreaterThanOrEqual(96);
  mkdirSync(SHOTS, { recursive: true });
  await tv.screenshot({ path: path.join(SHOTS, `modes-${label}.png`) });
}

test("BuyWhere: launch, the lead's deploy window, a declared incident, and back to launch", async ({
  browser,
  specServer,
}) => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS + 90_000);
  const { base } = await specServer();
  const tv = await openTv(browser, base);
  await expectScreen(tv, "buywhere-launch", "launch", [...LAUNCH_ONLY, "tv-gauges"], ["screen-mode"]);

  // No deploy in this run: the lead holds the screen in the deploy window, which says what it watches.
  await post(base, "/api/launch/mode", REX_TOKEN, { mode: "deploy", reason: "deploy window 07:00–08:30" });
  await expect(tv.getByTestId("screen-mode-why")).toContainText("set by Rex");
  await expectScreen(
    tv,
    "buywhere-deploy",
    "deploy",
    ["screen-mode", "tv-deploy-clock", "deploy-steps", "tv-gauges"],
    // Nothing deployed yet: no deploy watch panel with nothing in it.
    [...LAUNCH_ONLY, "deploy-watch"],
  );
  await post(base, "/api/launch/mode", REX_TOKEN, { mode: null, reason: "deploy done" });
  await expect(tv.getByTestId("tv")).toHaveAttribute("data-mode", "launch");

  const declared = await post<{ id?: string; incident?: { id: string } }>(base, "/api/incidents", REX_TOKEN, {
    severity: "P1",
    title: "search P99 over 3 s",
  });
  await expectScreen(
    tv,
    "buywhere-incident",
    "incident",
    ["screen-mode", "tv-incident-clock", "status-update-due", "incident-panel", "severity-suggestion"],
    LAUNCH_ONLY,
  );
  await expect(tv.getByTestId("incident-title")).toHaveText("search P99 over 3 s");

  await post(base, "/api/incidents/resolve", REX_TOKEN, {
    id: incidentId(declared),
    reason: "search fast again",
  });
  await expect(tv.getByTestId("tv")).toHaveAttribute("data-mode", "launch");
  await expect(tv.getByTestId("tv-countdown")).toBeVisible();
});

const INCIDENT_ONLY_ABSENT = [...LAUNCH_ONLY, "tv-t0", "milestone-now", "deploy-watch"];

/** An incident-response preset on its simulated system: quiet, then one of its scenarios switched on. */
type IncidentPreset = {
  id: string;
  label: string;
  env: Record<string, string>;
  scenarioOn: () => Promise<unknown>;
  scenarioId: string;
  severity: string;
};

async function incidentScreens(
  browser: Browser,
  specServer: (env: Record<string, string>) => Promise<{ base: string }>,
  preset: IncidentPreset,
) {
  // Its own people: the on-call engineer is the lead who declares.
  const { base } = await specServer(incidentPreset(preset.id, preset.env));
  const tv = await openTv(browser, base);
  // Quiet on the simulated system; this host's own memory or disk may still trip a branch of the tree.
  const suggested = await tv.getByTestId("severity-suggestion").getAttribute("data-severity");
  const why = suggested === "none" ? ["tree-path"] : ["scenario-readings", "next-steps"];
  await expectScreen(
    tv,
    `${preset.label}-quiet`,
    "incident",
    ["screen-mode", "tv-health", "severity-suggestion", ...why, "tv-gauges"],
    [...INCIDENT_ONLY_ABSENT, "incident-panel", "status-update-due"],
  );

  await preset.scenarioOn();
  await expect(tv.getByTestId("next-steps")).toHaveAttribute("data-scenario", preset.scenarioId);
  // The on-call engineer declares what the runbook suggests.
  await expect(tv.getByTestId("severity-suggestion")).toHaveAttribute("data-severity", preset.severity);
  await post(base, "/api/incidents", ONCALL_TOKEN, {
    severity: preset.severity,
    title: `${preset.scenarioId} (e2e)`,
  });
  await expectScreen(
    tv,
    `${preset.label}-scenario`,
    "incident",
    [
      "tv-incident-clock",
      "status-update-due",
      "incident-panel",
      "severity-suggestion",
      "scenario-readings",
      "next-steps",
    ],
    [...INCIDENT_ONLY_ABSENT, "tv-health", "tree-path"],
  );
}

// Deal Scout's preset reads its own containerised stack (started for this run by the dealScout fixture):
// the worker stops consuming while 1,500 tasks arrive (003 Task Queue Stuck).
test("deal-scout: incident response, quiet and during a scenario, never a T-0", async ({
  browser,
  dealScout,
  specServer,
}) => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS + 90_000);
  try {
    await incidentScreens(browser, specServer, {
      id: "deal-scout",
      label: "deal-scout",
      env: dealScout.presetEnv,
      scenarioOn: () => dealScout.fault("queue-backlog", true),
      scenarioId: "queue",
      severity: "P1",
    });
  } finally {
    await dealScout.reset();
  }
});

test("customer-intelligence: incident response, quiet and during a scenario, never a T-0", async ({
  browser,
  cia,
  specServer,
}) => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS + 90_000);
  await incidentScreens(browser, specServer, {
    id: "customer-intelligence",
    label: "cia",
    env: cia.presetEnv,
    scenarioOn: async () => cia.set({ ciaSyncAgeHours: 30 }),
    scenarioId: "stale-data",
    severity: "P2",
  });
});
