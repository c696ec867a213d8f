import { type Browser, expect, type Page } from "@playwright/test";
import { startOthers } from "../sim/index";
import { test as base } from "./deal-scout-stack";
import { closeContexts, type LaunchServer, REX_TOKEN, startLaunchServer } from "./launch-server";

/** The on-call engineer's bearer token: the lead who declares in the incident-response presets. */
export const ONCALL_TOKEN = `${REX_TOKEN}-oncall`;

/** A `next start` on an incident-response preset, its own people: the on-call engineer leads. */
export function incidentPreset(id: string, env: Record<string, string> = {}): Record<string, string> {
  return { WARROOM_PRESET: id, WARROOM_TOKENS: `oncall:${ONCALL_TOKEN}`, ...env };
}

/** The process sim's Customer Intelligence API (and Deal Scout's stand-in), with the preset's variables for it. */
export type CiaSim = Awaited<ReturnType<typeof startOthers>> & { presetEnv: Record<string, string> };

type Fixtures = {
  /** The port of this spec file's own server (`test.use({ serverPort })`): one server at a time on it. */
  serverPort: number;
  /**
   * Starts the spec's own server (startLaunchServer with `env`). After the test every browser context is
   * closed — a console left open keeps re-rendering, or retrying its feed, through the next spec files —
   * and the server stopped.
   */
  specServer: (env?: Record<string, string>) => Promise<LaunchServer>;
  /** The CIA on the process sim, stopped after the test. */
  cia: CiaSim;
};

export const test = base.extend<Fixtures>({
  serverPort: [0, { option: true }],
  specServer: [
    async ({ serverPort, browser }, use) => {
      if (!serverPort) throw new Error("set this spec's port: test.use({ serverPort })");
      const started: LaunchServer[] = [];
      try {
        await use(async (env = {}) => {
          if (started.length > 0) throw new Error("one spec server per test");
          const server = await startLaunchServer(serverPort, env);
          started.push(server);
          return server;
        });
      } finally {
        await closeContexts({ browser });
        await Promise.all(started.map((s) => s.stop()));
      }
    },
    // Its own bound: stopping a server takes up to 20 s (SIGTERM, then SIGKILL), whatever the test had left.
    { timeout: 60_000 },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
  cia: async ({}, use) => {
    const others = await startOthers({ dealScout: 0, cia: 0 }, {});
    try {
      await use({
        ...others,
        presetEnv: { WARROOM_CIA_URL: others.urls.cia, WARROOM_CIA_ADMIN_KEY: others.adminKey },
      });
    } finally {
      await others.stop();
    }
  },
});

/** The shared screen at 1920×1080 in a context of its own, once its live feed is connected. */
export async function openTv(browser: Browser, base: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1920, height: 1080 } });
  const tv = await context.newPage();
  await tv.goto("/tv");
  await expect(tv.getByTestId("feed-status")).toHaveAttribute("data-connected", "true");
  return tv;
}

/** POSTs JSON with a bearer token; expects 200 and returns the body. */
export async function post<T>(base: string, route: string, token: string, body: unknown): Promise<T> {
  const res = await fetch(`${base}${route}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${route}: ${text}`).toBe(200);
  return JSON.parse(text) as T;
}

/** The id in a POST /api/incidents answer. */
export const incidentId = (r: { id?: string; incident?: { id: string } }) => r.incident?.id ?? r.id ?? "";
