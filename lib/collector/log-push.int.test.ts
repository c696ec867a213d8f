import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeBoard } from "@/lib/collector/publish-board";
import { startWarroom } from "@/lib/collector/start-warroom";
import { closeDb } from "@/lib/db/client";
import { getHub } from "@/lib/hub/hub";
import type { BoardState, CheckState } from "@/lib/model/board";
import { callControl } from "@/sim/control-client";
import {
  connectDocker,
  containerName,
  isEngineReachable,
  resetStack,
  type StackUrls,
  stackUp,
} from "@/sim/docker";
import { execIn } from "@/sim/docker/exec-in";

// The whole path on the containerised stack: a request the API answers 5xx → its access line on the
// Docker log stream → the live rate → the board pushed to a viewer, through startWarroom as the server
// runs it. The interval is 5 min: one cycle runs at start, so only the push can show anything after it,
// and the polled tiles (never crit here) stay fresh for the whole file. Run under scripts/with-stack-lock.sh.
const docker = connectDocker();
const hasEngine = await isEngineReachable(docker);
const isCi = process.env.CI === "true";
if (!hasEngine && !isCi) console.warn("log-push.int.test.ts skipped: no Docker engine");

// The stack on ports of its own (SIM_*_PORT may move it), state in the worktree's .warroom/stack.
const env: Record<string, string | undefined> = {
  ...process.env,
  SIM_API_PORT: process.env.SIM_API_PORT ?? "19200",
  SIM_TLS_PORT: process.env.SIM_TLS_PORT ?? "19643",
  SIM_MCP_PORT: process.env.SIM_MCP_PORT ?? "19280",
  SIM_CONTROL_PORT: process.env.SIM_CONTROL_PORT ?? "19299",
  SIM_DB_PORT: process.env.SIM_DB_PORT ?? "19432",
  SIM_REPLICA_PORT: process.env.SIM_REPLICA_PORT ?? "19433",
  SIM_PGBOUNCER_PORT: process.env.SIM_PGBOUNCER_PORT ?? "19436",
  SIM_REDIS_PORT: process.env.SIM_REDIS_PORT ?? "19379",
  // The catalogue's size plays no part here; a small one keeps the primary's first start short.
  SIM_STACK_PRODUCTS: process.env.SIM_STACK_PRODUCTS ?? "1000",
};
const API = containerName("api");
const dir = mkdtempSync(path.join(tmpdir(), "warroom-log-push-"));
const published: Array<{ at: number; state: BoardState }> = [];
let urls: StackUrls;
let load: NodeJS.Timeout | null = null;

async function until<T>(
  what: string,
  fn: () => T | undefined | null | false,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
const tile = (state: BoardState, id: string) => state.checks.find((c) => c.id === id) as CheckState;
const after = (since: number, ok: (t: CheckState) => boolean, id = "error-rate", timeoutMs = 30_000) =>
  until(
    `${id} on a published board`,
    () => published.find((p) => p.at >= since && ok(tile(p.state, id))),
    timeoutMs,
  );
const fault = (on: boolean) => callControl(urls.apiControl, on ? "PUT" : "DELETE", "/faults/api-500");

beforeAll(async () => {
  if (!hasEngine) return;
  urls = (await stackUp({ env, docker, log: () => {} })).status.urls;
  await resetStack({ env, docker });
  const runbookFile = path.join(dir, "runbook.json");
  writeFileSync(
    runbookFile,
    JSON.stringify({
      id: "log-push",
      name: "log push test",
      system: "test",
      launch: { local: "2026-04-23T09:00", timeZone: "UTC" },
      collector: { intervalMs: 300_000, defaultTimeoutMs: 3000 },
      checks: [
        {
          id: "error-rate",
          kind: "prometheus",
          label: "5xx error rate",
          url: `${urls.api}/metrics`,
          series: "error-rate",
          thresholds: { direction: "above", warn: 0.5, crit: 1 },
        },
        {
          id: "api-log-errors",
          kind: "docker-logs",
          label: "API log errors",
          project: "buywhere-api",
          service: "api",
        },
      ],
      logPush: {
        containers: [{ project: "buywhere-api", service: "api" }],
        windowSec: 3,
        errorRate: { check: "error-rate" },
        errorLines: { check: "api-log-errors" },
      },
    }),
  );
  process.env.WARROOM_RUNBOOK = runbookFile;
  process.env.WARROOM_DATA_DIR = path.join(dir, "pglite");
  delete process.env.DATABASE_URL;
  await startWarroom();
  subscribeBoard((state) => published.push({ at: Date.now(), state }));
  // A fresh PGlite's initdb holds the event loop for seconds at a time: measure after it.
  await until("storage ready", () => getHub().storage.ready, 240_000);
  // Traffic, so the rate has a denominator: 40 requests a second, as the sim's background load.
  load = setInterval(
    () =>
      void fetch(`${urls.api}/v1/status`).then(
        (r) => r.arrayBuffer(),
        () => null,
      ),
    25,
  );
  await until(
    "the live rate ok",
    () => getHub().state && tile(getHub().state as BoardState, "error-rate").live?.level === "ok",
  );
}, 300_000);

afterAll(async () => {
  if (!hasEngine) return;
  if (load) clearInterval(load);
  const hub = getHub();
  hub.collector?.stop();
  hub.eventPush?.stop();
  hub.logPush?.stop();
  await resetStack({ env, docker }).catch(() => undefined);
  await closeDb();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasEngine && !isCi)("log push on the containerised stack", () => {
  it("api-500: the first failing requests raise the tile by push, long before the next poll", async () => {
    const since = Date.now();
    await fault(true);
    const shown = await after(since, (t) => t.level === "crit" && t.live?.raised === true).finally(() =>
      fault(false),
    );
    const t = tile(shown.state, "error-rate");
    expect(t.summary).toMatch(
      /^live from logs: [\d.]+% 5xx \(\d+ of \d+ requests in the last 3 s\): .*" 500 Internal Server Error/,
    );
    expect(t.live?.polledLevel).not.toBe("crit");
    const first = Date.parse(t.live?.firstFailureAt ?? "");
    console.log(`first failing request → tile crit at a subscriber: ${shown.at - first} ms`);
    expect(shown.at - first).toBeLessThan(10_000);
    expect(getHub().lastCycle?.number).toBe(1); // only the push: the interval is 5 min
    // The live reading never clears the tile on its own: once the window has no failures it is ok, and
    // the tile goes back to the polled level (which was not crit).
    await after(Date.now(), (t) => t.live?.level === "ok" && t.level === t.live.polledLevel);
  });

  it("the stream follows the API container through a restart: unknown with its reason meanwhile, then counting again", async () => {
    const since = Date.now();
    await docker.getContainer(API).restart({ t: 1 });
    const down = await after(since, (t) => t.live?.down !== null && t.live?.down !== undefined);
    expect(tile(down.state, "error-rate").live?.summary).toMatch(
      /^live from logs unknown: log stream of .* down for \d+ s \(.+\); reconnecting$/,
    );
    // The API's own start after a restart (certificates, connections) takes 15–20 s on a busy machine.
    const deadline = Date.now() + 120_000;
    while (
      !(await fetch(`${urls.api}/health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error("the API did not answer again within 120 s");
      await new Promise((r) => setTimeout(r, 200));
    }
    const back = Date.now();
    await fault(true);
    try {
      const shown = await after(back, (t) => t.level === "crit" && t.live?.raised === true);
      // Counted from the stream re-opened on the restarted container, not left over from before.
      expect(Date.parse(tile(shown.state, "error-rate").live?.firstFailureAt ?? "")).toBeGreaterThan(
        back - 50,
      );
    } finally {
      await fault(false);
    }
    await after(Date.now(), (t) => t.live?.level === "ok");
  }, 240_000);

  it("an HTML page, binary garbage and a huge line in the log do not break it; an error line raises the log tile", async () => {
    const since = Date.now();
    const html = `<html><head><title>502 Bad Gateway</title></head><body>${"<p>x</p>".repeat(10_000)}</body></html>`;
    const script = `printf '%s\\n' '${html}' > /proc/1/fd/1; head -c 3000 /dev/urandom > /proc/1/fd/1; printf '\\nTraceback (most recent call last):\\n' > /proc/1/fd/1`;
    const r = await execIn(docker, API, ["sh", "-c", script]);
    expect(r.exitCode).toBe(0);
    const lines = await after(
      since,
      (t) => (t.live?.level === "warn" || t.live?.level === "crit") && /Traceback/.test(t.live.summary),
      "api-log-errors",
    );
    const shown = tile(lines.state, "api-log-errors");
    expect(shown.live?.summary).toMatch(
      /^live from logs: \d+ error lines? since the stream opened .*: Traceback/,
    );
    // Still following and counting requests afterwards, none of the garbage taken for a request.
    const before = getHub().logPush?.read(Date.now()).get("error-rate");
    await new Promise((r) => setTimeout(r, 1000));
    const now = getHub().logPush?.read(Date.now()).get("error-rate");
    expect(now).toMatchObject({ down: null, level: "ok", evidence: { failing: 0 } });
    expect(Number(now?.evidence.requests)).toBeGreaterThan(0);
    expect(now?.at).not.toBe(before?.at);
  });
});
