import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import { E2E } from "../playwright.config";

/**
 * Rex's bearer token for the specs' scripted calls. Demo mode has no well-known tokens, so each run makes
 * one and gives it to its server through WARROOM_TOKENS (the demo passwords still apply).
 */
export const REX_TOKEN = `e2e-rex-${randomBytes(18).toString("base64url")}`;

/**
 * A `next start` of its own for a launch spec (same build, same simulated stack): demo credentials, T-0
 * fifteen minutes ahead so the poll is open, its own data directory; `env` adds to it.
 */
export type LaunchServer = { base: string; stop: () => Promise<void> };

/** A hook that starts a launch server may wait this long for it (startLaunchServer's own bound, and more). */
export const LAUNCH_SERVER_HOOK_TIMEOUT_MS = 150_000;

export async function startLaunchServer(
  port: number,
  env: Record<string, string> = {},
): Promise<LaunchServer> {
  const base = `http://127.0.0.1:${port}`;
  // The previous spec's server may still be closing its database: answering health from a dying process
  // would pass the readiness check below, so the port must be free before ours starts.
  await waitForFreePort(port);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "warroom-e2e-launch-"));
  const server: ChildProcess = spawn(
    "node_modules/.bin/next",
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NEXT_MANUAL_SIG_HANDLE: "true",
        WARROOM_DEMO: "1",
        WARROOM_TOKENS: `rex:${REX_TOKEN}`,
        WARROOM_DATA_DIR: path.join(dataDir, "pglite"),
        WARROOM_INTERVAL_MS: String(E2E.intervalMs),
        WARROOM_LAUNCH_AT: "now+15m",
        ...E2E.warroomEnv,
        ...env,
      },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const exited = new Promise<void>((r) => server.once("exit", () => r()));
  // Stopped means gone: SIGTERM lets it flush and close PGlite (seconds at load 20), SIGKILL after 20 s.
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill("SIGTERM");
      const timer = setTimeout(() => server.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Ready means collecting AND storing: a fresh PGlite directory runs initdb and the migrations after the
  // first cycle (seconds on an idle host, tens of seconds at load 20), and until then every sign-in, vote
  // and console load waits for the database. /api/health says "ok" only once storage is ready.
  const deadline = Date.now() + 120_000;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      last = `the server exited (${server.exitCode ?? server.signalCode}) before it was ready`;
      break;
    }
    last = await fetch(`${base}/api/health`)
      .then(async (r) => ((await r.json()) as { status?: string }).status ?? `HTTP ${r.status}`)
      .catch((err: unknown) => String(err));
    if (last === "ok") return { base, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`launch test server on ${base} not ready within 120 s (health: ${last})`);
}

async function waitForFreePort(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (await isListening(port)) {
    if (Date.now() > deadline) throw new Error(`port ${port} is still in use after 30 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * A person signed in with the demo password in a browser context of their own, on their console. `name`:
 * how the console greets them when their id is not part of their name ("oncall" → "On-call engineer").
 */
export async function signIn(
  browser: Browser,
  base: string,
  person: string,
  opts: { name?: string; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: base,
    ...(opts.viewport ? { viewport: opts.viewport } : {}),
  });
  const page = await context.newPage();
  await signInOn(page, person, opts.name);
  return { context, page };
}

/** Signs `person` in on this page (its whole context: every page of it is then signed in). */
export async function signInOn(page: Page, person: string, name?: string): Promise<void> {
  await page.goto("/signin");
  await page.locator("select[name=person]").selectOption(person);
  await page.locator("input[name=password]").fill(`${person}-demo-pass`);
  await page.getByRole("button", { name: "Sign in" }).click();
  // The fifth or sixth console open at once, each re-rendering on every 1 s update: at run queue 20 on two
  // cores its first render can take longer than the suite's usual bound.
  await expect(page.getByTestId("whoami")).toContainText(name ?? new RegExp(person, "i"), {
    timeout: 60_000,
  });
}

/**
 * Closes every context a story opened on the worker's browser. The browser lives as long as the worker, so a
 * console left open keeps re-rendering every second (or retrying its feed) through the next spec files: the
 * launch story's seven consoles were still running during the rollback and stack specs.
 */
export async function closeContexts({ browser }: { browser: Browser }): Promise<void> {
  await Promise.all(browser.contexts().map((c) => c.close()));
}

/** Screenshots for the issue go here as well as test-results/ (git-ignored neither way). */
export const SHOTS = process.env.WARROOM_SHOTS_DIR ?? "/tmp/warroom-shots";
