import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsSchema } from "@/lib/model/actions-schema";
import type { RollbackTarget } from "@/lib/model/rollback";
import { runbookSchema } from "@/lib/model/runbook-schema";
import { isLoopbackUrl } from "@/lib/model/service-actions-schema";
import { sendActionRequest } from "@/lib/rollback/http-step";
import { composeServiceActionPlan } from "@/lib/rollback/service-action-plan";
import { buildPlan } from "@/lib/rollback/start-run";
import { resolveActions } from "@/lib/rollback/target";
import { buildCustomerIntelligence } from "@/lib/runbook/presets/customer-intelligence";
import { ciaSyncAction } from "@/lib/runbook/presets/other-actions";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";

const NOW = new Date("2026-12-05T14:00:00Z");
const runbook = runbookSchema.parse(buildCustomerIntelligence({}));
const target = resolveActions(runbook.actions, {}).target as RollbackTarget;
const sync = () => {
  const a = target.serviceActions?.find((x) => x.id === "sync-sales");
  if (!a) throw new Error("no sync-sales");
  return a;
};
const facts = (envSet: string[]) => ({
  containers: [],
  memory: new Map(),
  shapes: new Map(),
  envSet: new Set(envSet),
});

describe("a service action that is one request (004's manual sync)", () => {
  it("needs no Docker stack: a target with no containers, the lead's confirmation word", () => {
    expect(target.project).toBeNull();
    expect(target.services).toEqual([]);
    const plan = composeServiceActionPlan(target, sync(), facts(["WARROOM_CIA_ADMIN_KEY"]), NOW);
    expect(plan.blocked).toBeNull();
    expect(plan.confirmWords).toEqual(["SYNC"]);
    expect(plan.steps.map((s) => [s.kind, s.name])).toEqual([
      ["http-call", "trigger the sync (POST /admin/sync-sales)"],
      ["manual", "monitor the sync"],
      ["manual", "verify data updated"],
    ]);
    // The command names the variable; the key itself is in no plan, record or audit.
    expect(plan.steps[0]?.command).toBe(
      'curl -X POST http://127.0.0.1:18200/admin/sync-sales -H "X-Admin-Key: $WARROOM_CIA_ADMIN_KEY"   # runbook: curl -X POST https://.../admin/sync-sales -H "X-Admin-Key: $ADMIN_KEY"',
    );
    expect(JSON.parse(plan.steps[0]?.args.headersFromEnv ?? "")).toEqual({
      "X-Admin-Key": ["WARROOM_CIA_ADMIN_KEY", "SIM_CIA_ADMIN_KEY"],
    });
  });

  it("no variable set: blocked, naming the one to set; the sim's variable also serves", () => {
    const none = composeServiceActionPlan(target, sync(), facts([]), NOW);
    expect(none.blocked).toBe(
      "X-Admin-Key is read from WARROOM_CIA_ADMIN_KEY or SIM_CIA_ADMIN_KEY, and none is set: set WARROOM_CIA_ADMIN_KEY",
    );
    expect(none.confirmWords).toEqual([]);
    const sim = composeServiceActionPlan(target, sync(), facts(["SIM_CIA_ADMIN_KEY"]), NOW);
    expect(sim.steps[0]?.command).toContain('-H "X-Admin-Key: $SIM_CIA_ADMIN_KEY"');
  });

  it("loopback only: another host is refused by the schema, and the preset leaves the action out", () => {
    expect(isLoopbackUrl("http://127.0.0.1:18200/x")).toBe(true);
    expect(isLoopbackUrl("http://[::1]:18200/x")).toBe(true);
    expect(isLoopbackUrl("http://localhost/x")).toBe(true);
    expect(isLoopbackUrl("https://api.example.com/x")).toBe(false);
    expect(isLoopbackUrl("file:///etc/passwd")).toBe(false);
    const remote = { ...ciaSyncAction("https://api.example.com"), id: "sync" };
    const parsed = actionsSchema.safeParse({
      rollback: { kind: "manual", steps: [{ name: "x", command: "y" }] },
      services: [remote],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/127\.0\.0\.1, localhost or \[::1\]/);
    const railway = runbookSchema.parse(
      buildCustomerIntelligence({ WARROOM_CIA_URL: "https://cia.example.com" }),
    );
    expect(railway.actions?.services).toEqual([]);
  });

  it("with no stack, the other kinds are manual or not described: never a look at an engine", async () => {
    const resolved = resolveActions(runbook.actions, {});
    const e = { docker: null as never, target, manual: resolved.manual };
    expect((await buildPlan(e, "restart-api")).source).toBe("manual");
    expect((await buildPlan(e, "disk-cleanup")).blocked).toMatch(/names no disk-cleanup action/);
    expect((await buildPlan(e, "restart-stack")).blocked).toMatch(/names no restart-stack action/);
  });

  it("a container step still needs the compose project", () => {
    const parsed = actionsSchema.safeParse({
      rollback: { kind: "manual", steps: [{ name: "x", command: "y" }] },
      services: [{ id: "r", label: "r", confirm: "R", steps: [{ do: "restart", service: "api" }] }],
    });
    expect(parsed.error?.issues[0]?.message).toMatch(/set actions.stack.project/);
  });
});

describe("sendActionRequest: the step as it runs", () => {
  let server: LocalServer;
  const seen: { key?: string; method?: string }[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: { status: "sync_started" } };
  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      seen.push({ key: req.headers["x-admin-key"] as string | undefined, method: req.method });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  afterAll(() => server.close());

  const args = () => ({
    url: `${server.url}/admin/sync-sales`,
    method: "POST",
    headersFromEnv: JSON.stringify({ "X-Admin-Key": ["A_KEY", "B_KEY"] }),
    expectStatus: "[200]",
    json: JSON.stringify([{ path: "status", equals: "sync_started", failLevel: "crit" }]),
  });
  const run = (a: Record<string, string>, env: Record<string, string>) => {
    const lines: string[] = [];
    const done = sendActionRequest(a, (l) => lines.push(l), new AbortController().signal, env);
    return { done, lines };
  };

  it("sends the key of the first variable set, shows the answer, passes on the runbook's response", async () => {
    answer = { status: 200, body: { status: "sync_started", message: "started" } };
    const { done, lines } = run(args(), { B_KEY: "secret-b" });
    await done;
    expect(seen.at(-1)).toEqual({ key: "secret-b", method: "POST" });
    expect(lines[0]).toMatch(/^HTTP 200 from \/admin\/sync-sales in \d+ ms: \{"status":"sync_started"/);
  });

  it.each([
    [
      "a sync already running (409)",
      { status: 409, body: { status: "sync_in_progress" } },
      /HTTP 409 from \/admin\/sync-sales \(expected 200\)/,
    ],
    [
      "an answer without sync_started",
      { status: 200, body: { status: "queued" } },
      /status "queued" from \/admin\/sync-sales/,
    ],
  ])("fails on %s", async (_name, a, why) => {
    answer = a;
    await expect(run(args(), { A_KEY: "k" }).done).rejects.toThrow(why);
  });

  it("refuses before sending: no variable set, or a URL off this machine", async () => {
    const before = seen.length;
    await expect(run(args(), {}).done).rejects.toThrow("X-Admin-Key: none of A_KEY, B_KEY is set");
    await expect(
      run({ ...args(), url: "http://cia.invalid/admin/sync-sales" }, { A_KEY: "k" }).done,
    ).rejects.toThrow(/^refused: http:\/\/cia\.invalid\/admin\/sync-sales is not on this machine/);
    expect(seen.length).toBe(before);
  });
});
