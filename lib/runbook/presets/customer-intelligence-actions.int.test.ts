import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as servicePost } from "@/app/api/rollback/service-action/route";
import { runProbe } from "@/lib/collector/run-probe";
import { closeDb, getDb } from "@/lib/db/client";
import { readRun } from "@/lib/db/rollback-runs";
import { getHub } from "@/lib/hub/hub";
import type { RollbackTarget, RunView } from "@/lib/model/rollback";
import { type Runbook, runbookSchema } from "@/lib/model/runbook-schema";
import { buildPlan, type RollbackEnv, startRun } from "@/lib/rollback/start-run";
import { resolveActions } from "@/lib/rollback/target";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { buildCustomerIntelligence } from "@/lib/runbook/presets/customer-intelligence";
import { type OtherSystems, startOthers } from "@/sim/index";
import { envBackends } from "@/test/support/env-backends";
import { request, setLevels } from "@/test/support/launch-harness";
import { testAudit } from "@/test/support/rollback-fixture";

// 004's manual sync as warroom runs it: the lead's confirmed service action, one request to the process
// sim's CIA (its admin key from the environment), audited and one at a time; the sync it starts shows on
// the sync and freshness tiles and completes.
const KEY = "test-admin-key";
const LEAD_TOKEN = "oncall-bot-token-abcdefghijklmnopqrstuvwxyz";
const OWNER_TOKEN = "techlead-bot-token-abcdefghijklmnopqrstuvwxyz";
const ENV_KEYS = ["DATABASE_URL", "WARROOM_DATA_DIR", "WARROOM_TOKENS", "WARROOM_CIA_ADMIN_KEY"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const pglite = envBackends("cia-actions").find((b) => b.name === "pglite");
let others: (OtherSystems & { stop: () => Promise<void> }) | undefined;
let cleanup: (() => Promise<void>) | undefined;
let cia: Runbook;
let target: RollbackTarget;

beforeAll(async () => {
  others = await startOthers({ dealScout: 0, cia: 0 }, { SIM_CIA_ADMIN_KEY: KEY });
  process.env.WARROOM_CIA_ADMIN_KEY = KEY;
  process.env.WARROOM_TOKENS = `oncall:${LEAD_TOKEN},techlead:${OWNER_TOKEN}`;
  cleanup = await pglite?.open();
  await getDb();
  const input = buildCustomerIntelligence({ WARROOM_CIA_URL: others.urls.cia, WARROOM_CIA_ADMIN_KEY: KEY });
  // The board serves the CIA preset: its on-call engineer leads, its technical lead is an owner.
  const hub = getHub();
  hub.loaded = { runbook: parseRunbook(input, "test"), source: "test", launchOverride: null };
  hub.storage.ready = true;
  setLevels({});
  cia = runbookSchema.parse(input);
  target = resolveActions(cia.actions, {}).target as RollbackTarget;
}, 60_000);
afterAll(async () => {
  await closeDb();
  await cleanup?.();
  await others?.stop();
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const env = async (extra: Partial<RollbackEnv> = {}): Promise<RollbackEnv> => ({
  db: await getDb(),
  docker: null as never,
  target,
  runbookId: "customer-intelligence",
  audit: testAudit("customer-intelligence"),
  onChange: () => undefined,
  ...extra,
});

const read = async (id: string) => {
  const check = cia.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return runProbe(check, { timeoutMs: 3000, state: new Map() });
};

async function settled(runId: string): Promise<RunView> {
  const db = await getDb();
  for (let i = 0; i < 100; i++) {
    const view = await readRun(db, runId);
    if (view && view.status !== "running") return view;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} still running after 10 s`);
}

async function untilRead(id: string, ok: (summary: string, level: string) => boolean) {
  for (let i = 0; i < 50; i++) {
    const r = await read(id);
    if (ok(r.summary, r.level)) return r;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`${id} never read as expected`);
}

describe("004 manual sync: a confirmed, audited, single-flight request", () => {
  it("stale data: the lead's confirmed sync starts one on the service, which completes and freshens the data", async () => {
    others?.set({ ciaSyncAgeHours: 30 });
    expect((await read("data-freshness")).level).toBe("crit");
    const body = (plan: { planHash: string }, extra: Record<string, string> = {}) => ({
      action: "sync-sales",
      confirm: "SYNC",
      reason: "customer data 30 h old",
      planHash: plan.planHash,
      ...extra,
    });
    const plan = await buildPlan(await env(), "service-action", "sync-sales");
    expect(plan.blocked).toBeNull();
    // An owner may not; the lead must type the word.
    const owner = await servicePost(
      request("/api/rollback/service-action", { bearer: OWNER_TOKEN, origin: null }, body(plan)),
    );
    expect(owner.status).toBe(403);
    const wrong = await servicePost(
      request(
        "/api/rollback/service-action",
        { bearer: LEAD_TOKEN, origin: null },
        body(plan, { confirm: "SYN" }),
      ),
    );
    expect(wrong.status).toBe(400);
    expect(others?.state().ciaSyncStartedAt).toBeNull();

    const first = await servicePost(
      request("/api/rollback/service-action", { bearer: LEAD_TOKEN, origin: null }, body(plan)),
    );
    expect(first.status).toBe(202);
    const { runId } = (await first.json()) as { runId: string };
    const view = await settled(runId);
    expect(view.status, view.outcome ?? "").toBe("succeeded");
    expect(view.steps[0]?.output).toMatch(
      /^HTTP 200 from \/admin\/sync-sales in \d+ ms: \{"status":"sync_started"/,
    );
    expect(JSON.stringify(view)).not.toContain(KEY);

    // The sync runs, then completes: the tiles follow it.
    const running = await read("sync-running");
    expect(running.summary).toMatch(/^sync running for [\d.]+ min|^no sync in progress; the last started/);
    await untilRead("sync-running", (s) =>
      /^no sync in progress; the last started \S+Z, completed after/.test(s),
    );
    expect((await read("data-freshness")).level).toBe("ok");

    const db = await getDb();
    const audit = await db.auditEntry.findMany({ where: { action: { startsWith: "service-action" } } });
    expect(audit.some((e) => e.actor === "techlead" && e.outcome === "refused")).toBe(true);
    expect(
      audit.some((e) => e.action === "service-action" && e.outcome === "ok" && e.message.includes(runId)),
    ).toBe(true);
    expect(audit.some((e) => e.action === "service-action.finish" && e.message.includes("succeeded"))).toBe(
      true,
    );
    expect(JSON.stringify(audit, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(KEY);
    await others?.reset();
  });

  it("one at a time: a second start while the first runs is refused (409)", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const e = await env({ beforeStep: () => held });
    const plan = await buildPlan(e, "service-action", "sync-sales");
    const req = {
      kind: "service-action" as const,
      action: "sync-sales",
      requestedBy: "oncall",
      reason: "x",
      confirm: "SYNC",
      planHash: plan.planHash,
    };
    const first = await startRun(e, req);
    try {
      await expect(startRun(e, req)).rejects.toMatchObject({ status: 409 });
    } finally {
      release();
    }
    expect(await first.done).toBe("succeeded");
    await others?.reset();
  });

  it("the service refusing (a sync already running, or hung) fails the step with its answer", async () => {
    others?.set({ ciaSyncHung: true, ciaSyncStartedAt: Date.now() - 12 * 60_000 });
    const e = await env();
    const plan = await buildPlan(e, "service-action", "sync-sales");
    const run = await startRun(e, {
      kind: "service-action",
      action: "sync-sales",
      requestedBy: "oncall",
      reason: "x",
      confirm: "SYNC",
      planHash: plan.planHash,
    });
    expect(await run.done).toBe("failed");
    const view = (await readRun(await getDb(), run.runId)) as RunView;
    expect(view.outcome).toMatch(/HTTP 409 from \/admin\/sync-sales \(expected 200 or 202\)/);
    expect(view.outcome).toMatch(/no container touched \(requests only\)/);
    await others?.reset();
  });
});
