// Section `logs`: push from logs. The full BuyWhere preset (which follows the API container's log) against
// the containerised stack, under load: from the first failing request (api-500 switched on at a random
// phase of the cycle) to the tile showing it at SSE viewers and in a Chromium page (docs/log-push.md).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Dashboard, fmt, percentile, sleep, startDashboard, until } from "./common";
import { openViewer, type ViewerMessage } from "./sse-viewer";
import {
  holdStackLock,
  STACK_INTERVAL_MS,
  stackProblem,
  stackReset,
  stackTargetsEnv,
} from "./stack-sections";

const TRIALS = Number(process.env.BENCH_LOG_TRIALS ?? 12);
const RPS = Number(process.env.BENCH_LOG_RPS ?? 100);
const VIEWERS = Number(process.env.BENCH_LOG_VIEWERS ?? 20);
const TILE = "error-rate";

type Trial = {
  engineToSse: number;
  clientToSse: number;
  critSse: number;
  dom: number | null;
  boards: number;
};

export async function runLogPushBench(): Promise<string[]> {
  const out = [
    "",
    `── push from logs: full BuyWhere preset + containerised stack · interval ${STACK_INTERVAL_MS} ms · ${RPS} requests/s to the API · ${VIEWERS} SSE viewers + 1 Chromium page`,
  ];
  const release = await holdStackLock();
  const dir = mkdtempSync(path.join(tmpdir(), "warroom-bench-logs-"));
  let server: Dashboard | null = null;
  const stops: Array<() => unknown> = [];
  try {
    // Another run may have moved the stack to its own ports meanwhile: up on ours, every fault off.
    stackUpHere();
    stackReset();
    const still = await stackProblem();
    if (still) return [...out, `  skipped: ${still}`];
    const env: Record<string, string> = {
      ...stackTargetsEnv(),
      WARROOM_INTERVAL_MS: String(STACK_INTERVAL_MS),
    };
    const api = env.WARROOM_API_URL ?? "http://127.0.0.1:18000";
    const control = controlUrl(api);
    server = await startDashboard({ ...env, WARROOM_DATA_DIR: path.join(dir, "pglite") });
    const messages: ViewerMessage[] = [];
    const viewer = await openViewer(server.base, (m) => messages.push(m));
    stops.push(() => viewer.close());
    for (let i = 1; i < VIEWERS; i++) {
      const other = await openViewer(server.base);
      stops.push(() => other.close());
    }
    const load = startLoad(api);
    stops.push(load.stop);
    const live = (m: ViewerMessage) => m.state.checks.find((c) => c.id === TILE)?.live;
    await until("the live rate ok", () => live(messages.at(-1) as ViewerMessage)?.level === "ok", 120_000);
    const page = await openPage(server.base);
    if (page) stops.push(page.close);

    const trials: Trial[] = [];
    for (let i = 0; i < TRIALS; i++) {
      await sleep(Math.random() * STACK_INTERVAL_MS); // random phase against the cycle
      await page?.arm();
      const since = Date.now();
      const from = messages.length;
      load.resetFirst500();
      await setApi500(control, true);
      try {
        const counted = await until(
          "a board counting the first failure",
          () => messages.slice(from).find((m) => isAfter(live(m)?.firstFailureAt, since)),
          20_000,
        );
        const crit = await until(
          "the live reading crit",
          () => messages.slice(from).find((m) => live(m)?.level === "crit"),
          20_000,
        );
        const first = Date.parse(live(counted)?.firstFailureAt ?? "");
        const client500 = await until("the load's first 500", () => load.first500(), 5000);
        trials.push({
          engineToSse: counted.receivedAtMs - first,
          clientToSse: counted.receivedAtMs - client500,
          critSse: crit.receivedAtMs - first,
          dom: page
            ? await page.shownAt().then(
                (at) => at - first,
                () => null,
              )
            : null,
          boards: messages.length - from,
        });
      } finally {
        await setApi500(control, false);
      }
      const back = messages.length;
      await until(
        "the live rate ok again",
        () => messages.slice(back).some((m) => live(m)?.level === "ok"),
        60_000,
      );
    }
    const row = (label: string, xs: number[]) =>
      `  ${label}: p50 ${fmt(percentile(xs, 50))} ms · p95 ${fmt(percentile(xs, 95))} ms · max ${fmt(Math.max(...xs))} ms`;
    const dom = trials.map((t) => t.dom).filter((x): x is number => x !== null);
    out.push(
      `first failing request → pushed tile (api-500 on; ${trials.length} trials; from the engine's timestamp of the first 5xx access line)`,
      `${row(
        "SSE viewer, tile counts the failure",
        trials.map((t) => t.engineToSse),
      )}   (target p95 ≤ 200 ms)`,
      row(
        "SSE viewer, tile crit by the live rate",
        trials.map((t) => t.critSse),
      ),
      dom.length
        ? `${row("Chromium page, LIVE crit on the tile in the DOM", dom)}   (target p95 ≤ 200 ms)`
        : "  Chromium page: not measured (no Chromium / Playwright)",
      row(
        "from the load client's receipt of its first 500 to the SSE viewer",
        trials.map((t) => t.clientToSse),
      ),
      `  boards pushed per trial until crit (serialised once, the same for all ${VIEWERS} viewers): p50 ${fmt(
        percentile(
          trials.map((t) => t.boards),
          50,
        ),
      )}; load ${load.sent()} requests sent, ${load.failed()} failed to connect`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop();
    await server?.stop();
    try {
      stackReset();
    } catch (err) {
      console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
    }
    release();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** `stack up` on this run's ports (SIM_*_PORT, else the defaults below); it records them in stack.json. */
function stackUpHere(): void {
  const port = (name: string, fallback: number) => process.env[name] ?? String(fallback);
  const env = {
    ...process.env,
    SIM_API_PORT: port("SIM_API_PORT", 19200),
    SIM_TLS_PORT: port("SIM_TLS_PORT", 19643),
    SIM_MCP_PORT: port("SIM_MCP_PORT", 19280),
    SIM_CONTROL_PORT: port("SIM_CONTROL_PORT", 19299),
    SIM_DB_PORT: port("SIM_DB_PORT", 19432),
    SIM_REPLICA_PORT: port("SIM_REPLICA_PORT", 19433),
    SIM_PGBOUNCER_PORT: port("SIM_PGBOUNCER_PORT", 19436),
    SIM_REDIS_PORT: port("SIM_REDIS_PORT", 19379),
    // The catalogue's size plays no part in this section; a small one keeps a first start short.
    SIM_STACK_PRODUCTS: process.env.SIM_STACK_PRODUCTS ?? "1000",
  };
  const r = spawnSync("node_modules/.bin/tsx", ["sim/cli.ts", "stack", "up"], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  if (r.status !== 0) throw new Error(`stack up failed (exit ${r.status})`);
}

function isAfter(iso: string | null | undefined, ms: number): boolean {
  return typeof iso === "string" && Date.parse(iso) >= ms - 5;
}

/** The API container's control port, from the stack as last brought up (its default beside the API's). */
function controlUrl(api: string): string {
  try {
    const dir = process.env.WARROOM_STACK_DIR ?? ".warroom/stack";
    const port = JSON.parse(readFileSync(path.join(dir, "stack.json"), "utf8")).ports.apiControl;
    if (typeof port === "number") return `http://127.0.0.1:${port}`;
  } catch {
    // no record: the defaults
  }
  return api.replace(/:\d+$/, ":18099");
}

async function setApi500(control: string, on: boolean): Promise<void> {
  const res = await fetch(`${control}/faults/api-500`, { method: on ? "PUT" : "DELETE" });
  if (!res.ok) throw new Error(`bench: api-500 ${on ? "on" : "off"} answered ${res.status}`);
}

/** `rps` requests a second to the API, spread evenly, not waiting for answers (a client that keeps coming). */
function startLoad(api: string) {
  let sent = 0;
  let failed = 0;
  let first500: number | null = null;
  const paths = ["/v1/status", "/health", "/v1/search?q=laptop&limit=5", "/v1/products?limit=3"];
  const timer = setInterval(() => {
    const path = paths[sent % paths.length];
    sent += 1;
    fetch(`${api}${path}`).then(
      async (r) => {
        if (r.status >= 500 && first500 === null) first500 = Date.now();
        await r.arrayBuffer();
      },
      () => {
        failed += 1;
      },
    );
  }, 1000 / RPS);
  return {
    stop: () => clearInterval(timer),
    sent: () => sent,
    failed: () => failed,
    first500: () => first500,
    resetFirst500: () => {
      first500 = null;
    },
  };
}

/** The board in headless Chromium; `shownAt` is when the tile's LIVE note turned crit (page clock = host). */
async function openPage(base: string) {
  try {
    const { chromium } = await import("playwright");
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    });
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForSelector(`[data-testid="tile-${TILE}"]`, { timeout: 30_000 });
    const sel = `[data-testid="tile-${TILE}"] [data-testid="tile-live"][data-live-level="crit"]`;
    let stale = false;
    return {
      // Scripts as strings: tsx would wrap named functions in a helper the page does not have.
      arm: async () => {
        // The previous trial's crit must be gone from this page before it can be seen again; if it is
        // not, this trial has no DOM figure (shownAt then fails) rather than a wrong one.
        stale = await page
          .waitForFunction(`!document.querySelector('${sel}')`, null, { timeout: 30_000 })
          .then(
            () => false,
            () => true,
          );
        if (stale)
          console.error("bench: the page still shows the previous trial's LIVE crit; no DOM figure for it");
        await page.evaluate(`(() => {
          window.__shownAt = null;
          window.__obs?.disconnect();
          const look = () => {
            if (window.__shownAt === null && document.querySelector('${sel}')) window.__shownAt = Date.now();
          };
          window.__obs = new MutationObserver(look);
          window.__obs.observe(document.body, { attributes: true, childList: true, subtree: true });
        })()`);
      },
      shownAt: async (): Promise<number> => {
        if (stale) throw new Error("no DOM figure: the page still showed the previous crit");
        await page.waitForFunction("window.__shownAt !== null", null, { timeout: 20_000 });
        return Number(await page.evaluate("window.__shownAt"));
      },
      close: () => browser.close(),
    };
  } catch (err) {
    console.error(`bench: Chromium page not used: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}
