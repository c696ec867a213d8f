import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "@/lib/db/append-event";
import { closeDb, getDb } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { refreshLaunchRecord } from "@/lib/db/launch-cache";
import { readVerdictFacts } from "@/lib/db/read-verdict-facts";
import { recordDecision } from "@/lib/db/record-decision";
import { claimRun, finishRun } from "@/lib/db/rollback-runs";
import { buildLaunchSection } from "@/lib/launch/board-launch-section";
import type { CheckState } from "@/lib/model/board";
import type { RollbackPlan, RunKind } from "@/lib/model/rollback";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";
import { thisInstance } from "@/lib/runtime/instance";
import { resetProcessState } from "@/lib/runtime/process-state";
import { testAudit } from "@/test/support/rollback-fixture";
import { createTestDatabase, type TestDatabase } from "@/test/support/test-database";

// Launch day §6 from real storage: the rollback runs and rule firings since T-0 the verdict reads, and the
// board's launch section judging them after a GO with T-0 past.
let database: TestDatabase;
let db: PrismaClient;
const saved = process.env.DATABASE_URL;
const audit = testAudit("buywhere-us-launch");

beforeAll(async () => {
  database = await createTestDatabase("verdict");
  process.env.DATABASE_URL = database.url;
  resetProcessState("db.client", "db.launch-cache", "launch.verdict-facts");
  db = await getDb();
}, 60_000);

afterAll(async () => {
  await closeDb();
  await database.drop();
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  resetProcessState("db.launch-cache", "launch.verdict-facts");
});

const plan = (kind: RunKind): RollbackPlan => ({
  kind,
  project: "p",
  builtAt: new Date().toISOString(),
  planHash: "0123456789abcdef",
  confirmWords: [],
  source: "none",
  sourceDetail: "test",
  services: [],
  steps: [],
  blocked: null,
});

/** A finished run of `kind`, started now. */
async function run(runbookId: string, kind: RunKind): Promise<string> {
  const id = randomUUID();
  const claimed = await claimRun(db, {
    id,
    runbookId,
    kind,
    requestedBy: "rex",
    reason: "verdict test run",
    plan: plan(kind),
    owner: thisInstance(),
    audit: audit(kind, `${kind} ${id}`),
  });
  expect(claimed.ok).toBe(true);
  await finishRun(db, id, {
    status: "succeeded",
    outcome: "done",
    at: new Date(),
    audit: audit(`${kind}.finish`, "done"),
  });
  return id;
}

describe("launch verdict facts (PostgreSQL)", () => {
  it("reads this runbook's rollbacks since T-0 and the named rules' firings, nothing else", async () => {
    const before = new Date(Date.now() - 1000);
    const rollback = await run("verdict-a", "rollback");
    await run("verdict-a", "disk-cleanup");
    await run("verdict-b", "rollback");
    await appendEvent(db, { kind: "rule-fired", message: "x", data: { ruleId: "r-5xx", level: "crit" } });
    await appendEvent(db, { kind: "rule-fired", message: "y", data: { ruleId: "other", level: "crit" } });
    const facts = await readVerdictFacts(db, "verdict-a", before, ["r-5xx"]);
    expect(facts.rollbacks.map((r) => r.id)).toEqual([rollback]);
    expect(facts.firings).toMatchObject([{ ruleId: "r-5xx", level: "crit" }]);
    const later = await readVerdictFacts(db, "verdict-a", new Date(Date.now() + 60_000), ["r-5xx"]);
    expect(later).toEqual({ rollbacks: [], firings: [] });
  });
});

describe("the board's launch verdict after GO, T-0 65 minutes ago", () => {
  const input = buildBuyWhereUsLaunch({});
  const t0 = new Date(Date.now() - 65 * 60_000);
  input.launch = { ...input.launch, local: nyLocal(t0) };
  const runbook = parseRunbook(input, "test");
  const loaded = { runbook, source: "test", launchOverride: null };
  const checks = runbook.checks.map(
    (c) => ({ id: c.id, label: c.label, level: "ok", summary: "fine" }) as CheckState,
  );

  async function verdictWhen(done: (outcome: string, rollbackKnown: boolean) => boolean) {
    for (let i = 0; i < 200; i++) {
      await refreshLaunchRecord(runbook.id);
      const v = buildLaunchSection(loaded, checks, new Date()).verdict;
      const known = v?.failure.find((c) => c.id === "rollback")?.status !== "unknown";
      if (v && done(v.outcome, known)) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the verdict never settled");
  }

  it("undecided without the GA4 ticks; failed, with a post-mortem, once a rollback runs", async () => {
    const go = await recordDecision(db, {
      runbookId: runbook.id,
      expectedRevision: 0,
      round: 1,
      call: "go",
      personId: "rex",
      reason: null,
      blockingGates: [],
      delay: null,
      audit: audit("decision", "GO"),
    });
    expect(go.ok).toBe(true);
    const open = await verdictWhen((o, known) => known && o !== "pending");
    expect(open.outcome).toBe("undecided");
    expect(open.success.find((c) => c.id === "users")?.status).toBe("unknown");
    expect(open.success.find((c) => c.id === "p0-gates")?.status).toBe("met");

    await run(runbook.id, "rollback");
    const failed = await verdictWhen((o) => o === "failed");
    expect(failed.postmortem).toBe(true);
    expect(failed.summary).toMatch(/^Failed launch: Rollback executed/);
  }, 30_000);
});

function nyLocal(at: Date): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "America/New_York",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  })
    .format(at)
    .replace(" ", "T");
}
