import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { E2E } from "../playwright.config";
import { resetFaults, setFault } from "./sim-control";

// Its own `next start` (same build, same simulated stack): demo credentials and T-0 fifteen minutes ahead,
// so the poll is open, without changing the shared server the board specs use.
const PORT = E2E.port + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const OWNERS = ["bolt", "sol", "link", "atlas", "lyra"] as const;
let server: ChildProcess | null = null;
let dataDir = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  await resetFaults();
  dataDir = mkdtempSync(path.join(os.tmpdir(), "warroom-e2e-launch-"));
  server = spawn("node_modules/.bin/next", ["start", "-p", String(PORT), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NEXT_MANUAL_SIG_HANDLE: "true",
      WARROOM_DEMO: "1",
      WARROOM_DATA_DIR: path.join(dataDir, "pglite"),
      WARROOM_INTERVAL_MS: String(E2E.intervalMs),
      WARROOM_LAUNCH_AT: "now+15m",
      WARROOM_API_URL: `http://127.0.0.1:${E2E.sim.api}`,
      WARROOM_MCP_URL: `http://127.0.0.1:${E2E.sim.mcp}`,
      WARROOM_TLS_PORT: String(E2E.sim.tls),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${BASE}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`launch test server on ${BASE} did not become healthy within 60 s`);
});

test.afterAll(async () => {
  await resetFaults();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once("exit", r));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(browser: Browser, person: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.locator("select[name=person]").selectOption(person);
  await page.locator("input[name=password]").fill(`${person}-demo-pass`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("whoami")).toContainText(new RegExp(person, "i"));
  return { context, page };
}

test("the launch: five owners vote, a Hold shows on the TV, a red P0 blocks GO until waived, the delay moves T-0", async ({
  browser,
}) => {
  const tvContext = await browser.newContext({ baseURL: BASE });
  const tv = await tvContext.newPage();
  await tv.goto("/tv");
  await expect(tv.getByTestId("feed-status")).toHaveAttribute("data-connected", "true");
  await expect(tv.getByTestId("launch-phase")).toHaveAttribute("data-phase", "POLL OPEN", {
    timeout: 15_000,
  });

  // Five owners, five browsers: four Go, Bolt Hold with the reason.
  const owners: Record<string, Page> = {};
  for (const id of OWNERS) owners[id] = (await signIn(browser, id)).page;
  for (const id of OWNERS) {
    const page = owners[id] as Page;
    if (id === "bolt") {
      await page.getByTestId("vote-hold").click();
      await expect(page.getByTestId("action-error")).toContainText("reason: a Hold needs a reason");
      await page.getByTestId("vote-reason").fill("PgBouncer pool at 82% — watching");
      await page.getByTestId("vote-hold").click();
    } else {
      await page.getByTestId("vote-go").click();
    }
    await expect(page.getByTestId("action-ok")).toBeVisible();
  }
  await expect(tv.getByTestId("poll-infra")).toHaveAttribute("data-vote", "hold");
  await expect(tv.getByTestId("poll-infra-reason")).toContainText("PgBouncer pool at 82%");
  for (const d of ["frontend", "affiliate", "qa", "comms"]) {
    await expect(tv.getByTestId(`poll-${d}`)).toHaveAttribute("data-vote", "go");
  }
  await expect(tv.getByTestId("tv-countdown")).toHaveText(/^T-00:1[45]:\d\d$/);
  await tv.screenshot({ path: "test-results/tv-t15-one-hold.png" });

  // Affiliate tagging breaks: the P0 gate turns red and Rex's GO is refused, naming it.
  await setFault("affiliate-broken", true);
  await expect(tv.getByTestId("gate-affiliate")).toHaveAttribute("data-status", "red", { timeout: 10_000 });
  const { page: rex } = await signIn(browser, "rex");
  await rex.getByTestId("call-go").click();
  await expect(rex.getByTestId("action-error")).toContainText('GO refused: P0 gate "DB backup < 24 h"');
  await expect(rex.getByTestId("action-error")).toContainText(
    'P0 gate "Affiliate tagging live" (affiliate) is red',
  );

  // Vera (exec) cannot call; Sol cannot waive an affiliate gate: the console has no button, the API says no.
  const { page: vera } = await signIn(browser, "vera");
  await expect(vera.getByTestId("call-go")).toHaveCount(0);
  const veraTry = await vera.evaluate(async () => {
    const r = await fetch("/api/launch/decision", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ call: "go", expectedRevision: 0 }),
    });
    return r.status;
  });
  expect(veraTry).toBe(403);

  // Waivers by each gate's domain owner (Link for affiliate, Bolt for the unmeasured ones, Rex for no-P1).
  const waive = async (page: Page, gate: string, reason: string) => {
    await page.getByTestId(`waive-reason-${gate}`).fill(reason);
    await page.getByTestId(`waive-${gate}`).click();
    await expect(page.getByTestId("action-ok")).toContainText("Waived");
  };
  await waive(owners.link as Page, "affiliate", "tag verified by hand on 3 ASINs; fix deploying");
  await waive(owners.bolt as Page, "backup", "backup 06:10 EST verified (2.1 GB)");
  await waive(owners.bolt as Page, "disk", "df -h: 61% used");
  await waive(rex, "no-p1", "no incident open in #incidents-critical");
  await expect(tv.getByTestId("gate-affiliate")).toHaveAttribute("data-status", "waived");
  await expect(tv.getByTestId("gate-affiliate-waiver")).toContainText("waived by Link: tag verified by hand");

  // The waiver is in the audit log, with who and why.
  await rex.reload();
  await expect(
    rex
      .getByTestId("audit-log")
      .locator("[data-action=waiver]", { hasText: 'Link waived P0 gate "Affiliate tagging live"' }),
  ).toHaveCount(1);
  await expect(
    rex.getByTestId("audit-log").locator("[data-action=decision]", { hasText: "GO refused" }),
  ).toHaveCount(1);

  // Now GO goes through.
  await rex.getByTestId("decision-reason").fill("all P0 green or waived");
  await rex.getByTestId("call-go").click();
  await expect(rex.getByTestId("action-ok")).toContainText("Called GO");
  await expect(tv.getByTestId("launch-phase")).toHaveAttribute("data-phase", "GO");
  await tv.screenshot({ path: "test-results/tv-after-go.png" });

  // The 30-minute delay moves T-0 (and the countdown) and reopens the poll.
  const t0Before = (await tv.getByTestId("tv-t0").textContent()) ?? "";
  await rex.getByTestId("delay-reason").fill("Product Hunt listing not live yet");
  await rex.getByTestId("delay").click();
  await expect(rex.getByTestId("action-ok")).toContainText("Delayed 30 min");
  await expect(tv.getByTestId("tv-delayed")).toHaveText("delayed 30 min");
  await expect(tv.getByTestId("tv-countdown")).toHaveText(/^T-00:4[45]:\d\d$/);
  const t0After = (await tv.getByTestId("tv-t0").textContent()) ?? "";
  const minutes = (s: string) => {
    const [h, m] = s.slice(0, 5).split(":").map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  expect((minutes(t0After) - minutes(t0Before) + 1440) % 1440).toBe(30);
  await expect(tv.getByTestId("poll-infra")).toHaveAttribute("data-vote", "none");
  await expect(tv.getByTestId("launch-phase")).toHaveAttribute("data-phase", "HOLDING");
  await tv.screenshot({ path: "test-results/tv-after-delay.png" });
  await setFault("affiliate-broken", false);
});
