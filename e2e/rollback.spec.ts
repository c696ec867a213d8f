import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E } from "../playwright.config";
import {
  closeContexts,
  LAUNCH_SERVER_HOOK_TIMEOUT_MS,
  type LaunchServer,
  REX_TOKEN,
  SHOTS,
  signIn,
  startLaunchServer,
} from "./launch-server";

// Issue 5, the whole story on the containerised stack (under the stack lock, e2e/global-setup.ts):
// bad-deploy → the rollback trigger fires → ROLLBACK RECOMMENDED on the TV → a non-lead cannot roll back →
// Rex previews, confirms and watches the steps → the previous image healthy and verified → all-clear
// filled → post-mortem with the timeline.
test.describe.configure({ mode: "serial" });

const PORT = E2E.port + 9;
/** The health rule's window, shortened so it fires in seconds (the preset's is 10 min). */
const WINDOW_MIN = 0.1;

function sim(...args: string[]): string {
  const r = runSim(args);
  if (r.status !== 0) throw new Error(`sim ${args.join(" ")} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r.stdout.trim();
}

function runSim(args: string[]) {
  return spawnSync("node_modules/.bin/tsx", ["sim/cli.ts", ...args], {
    env: { ...process.env, ...E2E.stackEnv },
    encoding: "utf8",
    timeout: 120_000,
  });
}

type StackService = { service: string; state: string; health: string | null };
/** The services a rollback recreates, stops and starts: the only ones its success speaks for. */
const ROLLED_BACK = ["api", "mcp", "scraper-scheduler"];

/**
 * The engine's view of the stack. `stack status` exits 1 when any container is unhealthy, and the
 * database's health check can miss on a host at load 20+ without anything being wrong with the rollback,
 * so the JSON is read whatever the exit code and the caller judges the services it is about.
 */
function stackStatus(): { faults: Record<string, boolean>; services: StackService[] } {
  const r = runSim(["stack", "status", "--json"]);
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`sim stack status --json exited ${r.status} without JSON: ${r.stderr}${r.stdout}`);
  }
}

/** The BuyWhere preset on the e2e stack, with the rollback health rule's window cut to seconds. */
function writeRunbook(dir: string): string {
  const script = `
    import { buildBuyWhereUsLaunch } from "./lib/runbook/presets/buywhere-us-launch";
    const rb = buildBuyWhereUsLaunch(process.env);
    const rule = (rb.triggers ?? []).find((t) => t.id === "rollback-health-10min");
    if (!rule?.crit) throw new Error("preset has no rollback-health-10min crit rule");
    rule.crit.forMinutes = ${WINDOW_MIN};
    rule.label = "API /health failing for ${WINDOW_MIN * 60} s (e2e window)";
    process.stdout.write(JSON.stringify(rb));`;
  const r = spawnSync("node_modules/.bin/tsx", ["-e", script], {
    env: { ...process.env, ...E2E.warroomEnv },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`runbook generation failed: ${r.stderr}`);
  const file = path.join(dir, "runbook.json");
  writeFileSync(file, r.stdout);
  return file;
}

let server: LaunchServer;
let tmp: string;
const bearer = { Authorization: `Bearer ${REX_TOKEN}`, "Content-Type": "application/json" };

test.beforeAll(async () => {
  test.setTimeout(LAUNCH_SERVER_HOOK_TIMEOUT_MS);
  tmp = mkdtempSync(path.join(os.tmpdir(), "warroom-e2e-rollback-"));
  server = await startLaunchServer(PORT, {
    WARROOM_RUNBOOK: writeRunbook(tmp),
    // T-0 passed: with GO called, the rollback triggers recommend.
    WARROOM_LAUNCH_AT: "now-1m",
    WARROOM_ROLLBACK_HEALTH_TIMEOUT_MS: "60000",
  });
});

test.afterEach(closeContexts);

test.afterAll(async () => {
  await server?.stop();
  sim("stack", "reset");
  rmSync(tmp, { recursive: true, force: true });
});

async function api<T>(
  method: "GET" | "POST",
  p: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${server.base}${p}`, {
    method,
    headers: bearer,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as T };
}

test("bad deploy → ROLLBACK RECOMMENDED → only Rex rolls back → verified → all-clear → post-mortem", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  mkdirSync(SHOTS, { recursive: true });

  // GO for the launch (T-0 already passed): retried until the first cycles made the P0 gates green.
  await expect
    .poll(
      async () => {
        const state = await api<{ revision: number }>("GET", "/api/launch/state");
        const go = await api<{ error?: string }>("POST", "/api/launch/decision", {
          call: "go",
          reason: "all P0 gates green (e2e)",
          expectedRevision: state.json.revision,
        });
        return go.status === 200 ? "go" : (go.json.error ?? String(go.status));
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toBe("go");

  const tvContext = await browser.newContext({ baseURL: server.base });
  const tv = await tvContext.newPage();
  await tv.goto("/tv");
  await expect(tv.getByTestId("tv")).toBeVisible();
  await expect(tv.getByTestId("rollback-recommended")).toHaveCount(0);

  // The bad release: a new sha- image answering 500 on /health, tagged latest and running.
  console.log(sim("fault", "on", "bad-deploy"));
  const fired = Date.now();
  await expect(tv.getByTestId("rollback-recommended")).toBeVisible({ timeout: 60_000 });
  await expect(tv.getByTestId("rollback-recommended")).toContainText("ROLLBACK RECOMMENDED");
  await expect(tv.getByTestId("rollback-recommended")).toContainText(/API \/health failing/);
  console.log(`bad-deploy → ROLLBACK RECOMMENDED on the TV after ${Date.now() - fired} ms`);
  // The deploy watch saw the new image on the engine and ran deploy §3's smoke suite at once.
  const deployWatch = tv.getByTestId("deploy-watch");
  await expect(deployWatch).toContainText(/DEPLOY sha-\w+ → sha-\w+/, { timeout: 60_000 });
  await expect(deployWatch.getByTestId("smoke-t1")).toHaveAttribute("data-status", "fail", {
    timeout: 60_000,
  });
  await tv.screenshot({ path: `${SHOTS}/deploy-watch-tv.png`, fullPage: true });

  // Rex declares the incident (the rollback is linked to it and noted on its timeline).
  const declared = await api<{ id?: string; incident?: { id: string }; error?: string }>(
    "POST",
    "/api/incidents",
    {
      severity: "P0",
      title: "Bad deploy: API /health answering 500",
    },
  );
  expect(declared.status, JSON.stringify(declared.json)).toBe(200);
  const incidentId = declared.json.incident?.id ?? declared.json.id ?? "";
  expect(incidentId).not.toBe("");

  // A non-lead: no button, and the server refuses (403) whatever the page shows.
  const bolt = await signIn(browser, server.base, "bolt");
  await bolt.page.goto("/");
  await expect(bolt.page.getByTestId("rollback-recommended")).toBeVisible();
  await expect(bolt.page.getByTestId("rollback-open")).toHaveCount(0);
  const boltTry = await bolt.page.evaluate(async () => {
    const plan = await (await fetch("/api/rollback/plan")).json();
    const res = await fetch("/api/rollback/start", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        confirm: "ROLLBACK",
        reason: "I am not the lead but try anyway",
        planHash: plan.plan.planHash,
      }),
    });
    return { status: res.status, body: await res.json() };
  });
  expect(boltTry.status).toBe(403);
  expect(boltTry.body.error).toMatch(/only the incident lead starts a rollback/);

  // Rex previews the exact plan, types the confirmation and a reason, and starts it.
  const rex = await signIn(browser, server.base, "rex");
  await rex.page.goto("/");
  // A native modal dialog: keyboard only, Esc closes it and focus comes back to the page.
  await rex.page.getByTestId("rollback-open").focus();
  await rex.page.keyboard.press("Enter");
  await expect(rex.page.getByTestId("rollback-dialog")).toBeVisible();
  await expect
    .poll(() => rex.page.evaluate(() => document.activeElement?.closest("dialog") !== null))
    .toBe(true);
  await rex.page.keyboard.press("Escape");
  await expect(rex.page.getByTestId("rollback-dialog")).toHaveCount(0);
  await rex.page.getByTestId("rollback-open").click();
  const dialog = rex.page.getByTestId("rollback-dialog");
  await expect(dialog.getByTestId("rollback-plan-steps")).toContainText("docker stop buywhere-api-api-1");
  await expect(dialog.getByTestId("rollback-plan-steps")).toContainText("docker tag sha256:");
  await expect(dialog.getByTestId("rollback-plan-steps")).toContainText("alembic downgrade");
  await expect(dialog.getByTestId("rollback-plan-services")).toContainText(
    /PREV_API_IMAGE in .*\.rollback_state/,
  );
  await expect(dialog.getByTestId("rollback-go")).toBeDisabled();
  await dialog.getByTestId("rollback-confirm").fill("ROLLBACK");
  await dialog
    .getByTestId("rollback-reason")
    .fill("API /health answers 500 since the last deploy; rolling back per deploy runbook §5.");
  await expect(dialog.getByTestId("rollback-go")).toBeEnabled();
  await rex.page.screenshot({ path: `${SHOTS}/rollback-confirm.png` });
  const confirmedAt = Date.now();
  await dialog.getByTestId("rollback-go").click();
  await expect(dialog).toHaveCount(0);

  // Every viewer watches the steps: the TV shows the run in progress.
  const log = tv.getByTestId("rollback-log");
  await expect(log).toHaveAttribute("data-status", "running");
  // Caught mid-run: the stops, re-tags and the recreate ticked off, the API's health wait running. Each of
  // those engine calls takes 0.1 s on an idle host and up to 3 s at load 20, hence the bound.
  await expect
    .poll(() => log.locator("[data-testid=rollback-step][data-status=ok]").count(), {
      timeout: 60_000,
      intervals: [100],
    })
    .toBeGreaterThanOrEqual(6);
  await tv.screenshot({ path: `${SHOTS}/rollback-progress.png`, fullPage: true });
  await expect(rex.page.getByTestId("rollback-log")).toBeVisible();

  await expect(log).toHaveAttribute("data-status", "succeeded", { timeout: 90_000 });
  console.log(`confirmation → rollback succeeded on the TV after ${Date.now() - confirmedAt} ms`);
  await expect(log.getByTestId("rollback-outcome")).toContainText(/healthy and verified/);
  // Recorded as warroom's rollback, not as a deploy.
  await expect(tv.getByTestId("deploy-watch")).toContainText("warroom ROLLBACK", { timeout: 30_000 });
  await tv.screenshot({ path: "test-results/rollback-done.png", fullPage: true });

  // The engine agrees: the bad-deploy fault reads off (the API container runs the good build), and every
  // service the rollback touched runs healthy.
  const status = stackStatus();
  expect(status.faults["bad-deploy"]).toBe(false);
  expect(
    status.services
      .filter((s) => ROLLED_BACK.includes(s.service))
      .map((s) => `${s.service} ${s.state} ${s.health}`)
      .sort(),
  ).toEqual(ROLLED_BACK.map((s) => `${s} running healthy`));
  const runs = await api<{
    runs: {
      status: string;
      incidentId?: string;
      steps: { status: string; command: string; output: string; durationMs: number | null }[];
    }[];
  }>("GET", "/api/rollback/runs");
  const run = runs.json.runs[0];
  expect(run?.status).toBe("succeeded");
  const verify = run?.steps.filter((s) => s.command.startsWith("curl")) ?? [];
  // Deploy §5.2 step 6: smoke tests T1–T5, then T6 (the affiliate redirect, tagged).
  expect(verify.map((s) => s.status)).toEqual(["ok", "ok", "ok", "ok", "ok", "ok"]);
  expect(verify.at(-1)?.output).toContain("tag=buywhere-20");
  console.log(
    `step log:\n${run?.steps.map((s, i) => `  ${i + 1}. [${s.status}] ${s.durationMs ?? "-"} ms  ${s.command}`).join("\n")}`,
  );

  // The all-clear is drafted from the live incident and board (h3's templates), then the incident resolved.
  const comms = await api<{ templates: { id: string; rendered: { text: string; missing: string[] } }[] }>(
    "GET",
    "/api/comms",
  );
  const allClear = comms.json.templates.find((t) => t.id === "all-clear-incident");
  expect(allClear?.rendered.text).toMatch(/All-clear — P0 resolved/);
  expect(allClear?.rendered.text).toContain("Incident: Bad deploy: API /health answering 500");
  console.log(
    `all-clear:\n${allClear?.rendered.text}\n(missing for people: ${allClear?.rendered.missing.join(", ")})`,
  );

  const resolved = await api<{ error?: string }>("POST", "/api/incidents/resolve", {
    id: incidentId,
    reason: "rolled back to the previous image; verified",
  });
  expect(resolved.status, JSON.stringify(resolved.json)).toBe(200);

  // The post-mortem: the incident's timeline, with the rollback and its steps.
  const pm = await fetch(`${server.base}/api/incidents/${incidentId}/postmortem`, { headers: bearer });
  expect(pm.status).toBe(200);
  const markdown = await pm.text();
  expect(markdown).toMatch(/Timeline/i);
  expect(markdown).toContain("docker stop buywhere-api-api-1");
  expect(markdown).toMatch(/Deploy detected: buywhere-api-api-1 sha-\w+ → sha-\w+; smoke \d+\/10 passed/);
  expect(markdown).toMatch(/rollback succeeded/i);
  writeFileSync("test-results/rollback-postmortem.md", markdown);
  await Promise.all([tvContext.close(), bolt.context.close(), rex.context.close()]);
});
