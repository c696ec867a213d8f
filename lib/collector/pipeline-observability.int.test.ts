// The pipeline as the server runs it (startWarroom, PGlite, a real target): one log line per level change,
// and the metrics the collector and the snapshot writer keep, read back through /metrics.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsGet } from "@/app/metrics/route";
import { startWarroom } from "@/lib/collector/start-warroom";
import { closeDb } from "@/lib/db/client";
import { getHub } from "@/lib/hub/hub";
import { resetProcessState } from "@/lib/runtime/process-state";
import { captureLog } from "@/test/support/capture-log";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";
import { minimalRunbook } from "@/test/support/minimal-runbook";
import { promSample, readExposition } from "@/test/support/prometheus-text";

const ENV_KEYS = ["DATABASE_URL", "WARROOM_DATA_DIR", "WARROOM_RUNBOOK"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const dir = mkdtempSync(path.join(os.tmpdir(), "warroom-pipeline-obs-"));
let target: LocalServer;
let healthy = true;
const log = captureLog();

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function scrape() {
  // Loopback without the forwarded-header rewrite does not count; the server installs it at start-up.
  const res = await metricsGet(
    new Request("http://127.0.0.1/metrics", { headers: { "x-forwarded-for": "127.0.0.1" } }),
  );
  expect(res.status).toBe(200);
  return readExposition(await res.text());
}

const changes = (checkId: string) =>
  log.lines().filter((l) => l.event === "level-change" && l.checkId === checkId);

beforeAll(async () => {
  resetProcessState("hub", "runtime.metrics");
  target = await startHttpServer((_req, res) => {
    res.writeHead(healthy ? 200 : 503, { "content-type": "application/json" }).end('{"status":"ok"}');
  });
  const runbookFile = path.join(dir, "runbook.json");
  writeFileSync(
    runbookFile,
    JSON.stringify(
      minimalRunbook("pipeline-obs", 1000, [
        { id: "api", kind: "http", label: "API", url: `${target.url}/health` },
      ]),
    ),
  );
  process.env.WARROOM_RUNBOOK = runbookFile;
  process.env.WARROOM_DATA_DIR = path.join(dir, "pglite");
  delete process.env.DATABASE_URL;
  await startWarroom();
  await until("storage ready", () => getHub().storage.ready, 60_000);
});

afterAll(async () => {
  const hub = getHub();
  hub.collector?.stop();
  hub.eventPush?.stop();
  await closeDb();
  log.restore();
  await target?.close();
  resetProcessState("hub", "runtime.metrics", "auth.forwarded-guard");
  rmSync(dir, { recursive: true, force: true });
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

describe("pipeline logs and metrics", () => {
  it("logs each level change once, and /metrics counts the cycles, probes and stored readings", async () => {
    await until("first level change", () => changes("api").length >= 1);
    expect(changes("api")[0]).toMatchObject({ level: "info", fromLevel: null, toLevel: "ok" });

    healthy = false;
    await until("ok → crit", () => changes("api").length >= 2);
    const crit = changes("api")[1];
    expect(crit).toMatchObject({ level: "warn", fromLevel: "ok", toLevel: "crit" });
    expect(String(crit?.message)).toMatch(/503/);
    // Two more cycles at crit: no further line (the early push and the cycle must not both log it).
    const cycleNow = getHub().lastCycle?.number ?? 0;
    await until("two more cycles", () => (getHub().lastCycle?.number ?? 0) >= cycleNow + 2);
    expect(changes("api")).toHaveLength(2);
    healthy = true;

    const first = await scrape();
    const cycles = promSample(first, "warroom_cycle_duration_seconds_count");
    expect(cycles).toBeGreaterThanOrEqual(3);
    expect(
      promSample(first, "warroom_probe_duration_seconds_count", { kind: "http" }),
    ).toBeGreaterThanOrEqual(cycles);
    // Snapshots are written behind the cycle: wait for the counter to catch up with a later cycle.
    await until("readings written", async () => {
      const f = await scrape();
      return promSample(f, "warroom_readings_written_total") >= cycles;
    });
  });
});
