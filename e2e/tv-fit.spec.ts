import { expect, test } from "@playwright/test";
import { measureFonts } from "./tv-measure";

// The shared screen: one TV, read from across the room. At 1920×1080 nothing is smaller than 20 px, the
// gauge values are at least 40 px and the countdown at least 96 px; a 4K screen draws the same twice as big.
const SCREENS = [
  { width: 1920, height: 1080, scale: 1 },
  { width: 3840, height: 2160, scale: 2 },
] as const;

for (const screen of SCREENS) {
  test(`/tv fits ${screen.width}×${screen.height} with every gauge on screen and legible`, async ({
    browser,
    request,
  }) => {
    const state = (await (await request.get("/api/state")).json()) as { gauges: { check: string }[] };
    expect(state.gauges.length).toBeGreaterThan(0);
    const context = await browser.newContext({ viewport: { width: screen.width, height: screen.height } });
    const page = await context.newPage();
    await page.goto("/tv");
    await expect(page.getByTestId("feed-status")).toHaveAttribute("data-connected", "true");

    const size = await page.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      scrollWidth: document.documentElement.scrollWidth,
      innerHeight: window.innerHeight,
      innerWidth: window.innerWidth,
    }));
    console.log(`tv ${screen.width}×${screen.height}: page ${size.scrollWidth}×${size.scrollHeight}`);
    expect(size.scrollHeight).toBeLessThanOrEqual(size.innerHeight);
    expect(size.scrollWidth).toBeLessThanOrEqual(size.innerWidth);

    for (const { check } of state.gauges) {
      const box = await page.getByTestId(`gauge-${check}`).boundingBox();
      expect(box, `gauge ${check} is drawn`).not.toBeNull();
      if (!box) continue;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `gauge ${check} right edge`).toBeLessThanOrEqual(screen.width);
      expect(box.y + box.height, `gauge ${check} bottom edge`).toBeLessThanOrEqual(screen.height);
    }

    const fonts = await measureFonts(page);
    console.log(
      `tv ${screen.width}×${screen.height}: smallest text ${fonts.smallest.px} px ("${fonts.smallest.text}"), ` +
        `gauge values ${Math.min(...fonts.values)} px, countdown ${fonts.countdown} px`,
    );
    expect(fonts.smallest.px, `"${fonts.smallest.text}"`).toBeGreaterThanOrEqual(20 * screen.scale);
    expect(fonts.values).toHaveLength(state.gauges.length);
    for (const px of fonts.values) expect(px).toBeGreaterThanOrEqual(40 * screen.scale);
    // The shared server launches two hours ahead, but a deploy another spec made on the shared stack opens
    // its deploy window: then the clock since the deploy is the big one (e2e/modes.spec.ts covers each mode).
    const mode = await page.getByTestId("tv").getAttribute("data-mode");
    console.log(`tv ${screen.width}×${screen.height}: mode ${mode}, lead clock ${fonts.clock} px`);
    if (mode === "launch") expect(fonts.countdown).toBeGreaterThanOrEqual(96 * screen.scale);
    else expect(fonts.clock).toBeGreaterThanOrEqual(96 * screen.scale);
    await context.close();
  });
}

test("/tv is server-rendered: the first paint is the board, not a blank page", async ({ request }) => {
  // Before any script runs: the HTML itself carries the mode's clock (the countdown at launch) and the gauges.
  await expect
    .poll(async () => {
      const html = await (await request.get("/tv")).text();
      const clock = ["tv-countdown", "tv-deploy-clock", "tv-incident-clock", "tv-health"].some((id) =>
        html.includes(`data-testid="${id}"`),
      );
      return clock && html.includes('data-testid="tv-gauges"');
    })
    .toBe(true);
  const html = await (await request.get("/tv")).text();
  expect(html).not.toContain("Connecting to the war room");
});

test("/ shows the gauges on the first 1920×1080 screen", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("feed-status")).toHaveAttribute("data-connected", "true");
  const gauges = page.locator("aside [data-testid^='gauge-'][data-level]");
  expect(await gauges.count()).toBeGreaterThan(0);
  const first = await gauges.first().boundingBox();
  expect(first).not.toBeNull();
  expect((first?.y ?? Number.POSITIVE_INFINITY) + (first?.height ?? 0)).toBeLessThanOrEqual(1080);
});

test("the kiosk draws itself again after a board it cannot render, without a reload", async ({
  page,
  request,
}) => {
  // A board the renderer refuses (a level that has no meaning), sent the way the server sends boards: as
  // the stream's state message and as /api/state. Then the real server again.
  const good = await (await request.get("/api/state")).json();
  const bad = {
    ...good,
    checks: good.checks.map((c: object, i: number) => (i === 0 ? { ...c, level: "purple" } : c)),
  };
  // The page itself is the server's (good) board; the browser's first stream message is the bad one.
  await page.route("**/api/stream", (route) =>
    route.fulfill({
      status: 200,
      headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
      body: `event: state\ndata: ${JSON.stringify(bad)}\n\n`,
    }),
  );
  await page.route("**/api/state", (route) => route.fulfill({ status: 200, json: bad }));
  await page.goto("/tv");
  await expect(page.getByTestId("kiosk-error")).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId("kiosk-error")).toContainText('level "purple"');
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });

  await page.unrouteAll();
  await expect(page.getByTestId("tv-gauges")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("kiosk-error")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});
