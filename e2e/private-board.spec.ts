import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { E2E } from "../playwright.config";
import {
  closeContexts,
  LAUNCH_SERVER_HOOK_TIMEOUT_MS,
  type LaunchServer,
  startLaunchServer,
} from "./launch-server";

// A board behind WARROOM_READ_TOKEN, as a team that does not want its stack's state public runs it: the TV
// opens the kiosk link once, a person signs in, a script sends the token; nobody else reads anything.
const READ_TOKEN = `e2e-read-${randomBytes(12).toString("hex")}`;
let server: LaunchServer | undefined;
let BASE = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS);
  // Every 3 s is enough here: the spec reads the gate, not the probes.
  server = await startLaunchServer(E2E.port + 4, {
    WARROOM_READ_TOKEN: READ_TOKEN,
    WARROOM_INTERVAL_MS: "3000",
  });
  BASE = server.base;
});

test.afterEach(closeContexts);

test.afterAll(async () => {
  await server?.stop();
});

test("private board: the kiosk link opens the TV for good, strangers get sign-in or 401, scripts use the token", async ({
  browser,
  playwright,
}) => {
  const stranger = await browser.newContext({ baseURL: BASE });
  const page = await stranger.newPage();
  await page.goto("/tv");
  await expect(page).toHaveURL(/\/signin\?next=%2Ftv$/);

  const api = await playwright.request.newContext({ baseURL: BASE });
  const anonymous = await api.get("/api/state");
  expect(anonymous.status()).toBe(401);
  expect(((await anonymous.json()) as { error: string }).error).toMatch(/read token/);
  expect((await api.get("/api/state", { headers: { authorization: `Bearer ${READ_TOKEN}` } })).status()).toBe(
    200,
  );
  // The key is for pages: an API URL carrying it is still refused (URLs end up in logs).
  expect((await api.get(`/api/state?key=${READ_TOKEN}`)).status()).toBe(401);
  await api.dispose();

  // The TV: opened once with the kiosk link, then the plain address works and the board is live.
  const kiosk = await browser.newContext({ baseURL: BASE });
  const tv = await kiosk.newPage();
  await tv.goto(`/tv?key=${READ_TOKEN}`);
  await expect(tv).toHaveURL(/\/tv$/);
  await expect(tv.getByTestId("feed-status")).toHaveAttribute("data-connected", "true");
  const [cookie] = await kiosk.cookies();
  expect(cookie?.name).toBe("warroom_view");
  expect(cookie?.value).not.toContain(READ_TOKEN);
  expect(cookie?.httpOnly).toBe(true);
  expect((cookie?.expires ?? 0) * 1000 - Date.now()).toBeGreaterThan(399 * 24 * 3600 * 1000);
  await tv.goto("/tv");
  await expect(tv.getByTestId("feed-status")).toHaveAttribute("data-connected", "true");

  // A person: the sign-in the board sent them to brings them back to the board, now readable.
  await page.goto("/signin?next=%2Ftv");
  await page.locator("select[name=person]").selectOption("rex");
  await page.locator("input[name=password]").fill("rex-demo-pass");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/tv$/, { timeout: 60_000 });
  await expect(page.getByTestId("feed-status")).toHaveAttribute("data-connected", "true");
});
