import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as auditGet } from "@/app/api/launch/audit/route";
import { POST as checkpointPost } from "@/app/api/launch/checkpoint/route";
import { POST as decisionPost } from "@/app/api/launch/decision/route";
import { GET as stateGet } from "@/app/api/launch/state/route";
import { POST as waiverPost } from "@/app/api/launch/waiver/route";
import { getDb } from "@/lib/db/client";
import type { LaunchFlowState } from "@/lib/model/launch";
import { openApiProcess } from "@/test/support/api-process";
import { envBackends, restoreEnvAfterAll } from "@/test/support/env-backends";
import { type Caller, REX_TOKEN, request, setLevels } from "@/test/support/launch-harness";

// Deploy §4: Rex's Go or Hold at 08:30 is a call of its own, before the launch's T-15 call.
const backends = envBackends("checkpoint");
restoreEnvAfterAll(["DATABASE_URL", "WARROOM_DATA_DIR", "WARROOM_USERS", "WARROOM_TOKENS"]);

async function state(): Promise<LaunchFlowState> {
  return (await (await stateGet(request("/api/launch/state", {}))).json()) as LaunchFlowState;
}

describe.each(backends)("deploy Go/Hold checkpoint on $name", (backend) => {
  let close: () => Promise<void>;
  const cookies: Record<string, string> = {};
  const rex = (): Caller => ({ cookie: cookies.rex });
  const deployCall = async (caller: Caller, call: "go" | "hold", reason?: string, revision?: number) =>
    checkpointPost(
      request("/api/launch/checkpoint", caller, {
        checkpoint: "deploy-go",
        call,
        reason,
        expectedRevision: revision ?? (await state()).revision,
      }),
    );
  const launchGo = async () =>
    decisionPost(
      request("/api/launch/decision", rex(), { call: "go", expectedRevision: (await state()).revision }),
    );

  beforeAll(async () => {
    const api = await openApiProcess(backend, ["rex", "bolt", "vera"]);
    close = api.close;
    Object.assign(cookies, api.cookies);
    // Incidents are not tracked in this process: the launch's "No active P1" gate is waived by Rex.
    const waived = await waiverPost(
      request("/api/launch/waiver", rex(), { gate: "no-p1", reason: "no incident open" }),
    );
    expect(waived.status).toBe(200);
  });
  afterAll(async () => {
    await close?.();
  });

  it("the board shows the checkpoint before the T-15 call, not called yet", async () => {
    setLevels({});
    const s = await state();
    expect(s.checkpoints).toEqual([
      expect.objectContaining({ id: "deploy-go", owner: "rex", status: "not-called", call: null }),
    ]);
    expect(Date.parse(s.checkpoints[0]?.dueAt ?? "")).toBe(Date.parse(s.effectiveT0) - 30 * 60_000);
  });

  it("only its owner calls it: anonymous 401, Bolt and Vera 403, bad origin 403; a Hold needs a reason", async () => {
    expect((await deployCall({}, "hold", "x-x-x")).status).toBe(401);
    expect((await deployCall({ cookie: cookies.bolt }, "hold", "smoke red")).status).toBe(403);
    expect((await deployCall({ cookie: cookies.vera }, "hold", "smoke red")).status).toBe(403);
    expect((await deployCall({ cookie: cookies.rex, origin: "http://evil.example" }, "go")).status).toBe(403);
    const bare = await deployCall(rex(), "hold");
    expect(bare.status).toBe(400);
    expect((await bare.json()).error).toMatch(/^reason: a Hold needs a reason/);
    expect((await state()).checkpoints[0]?.status).toBe("not-called");
  });

  it("Go is refused naming its red gate; a Hold holds the launch and the T-15 GO is refused naming it", async () => {
    setLevels({ "latency-p99-search": "crit" });
    const refused = await deployCall(rex(), "go");
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.error).toMatch(/^Deploy Go\/Hold GO refused: P0 gate "Search P99 < 2 s" \(p99\) is red/);
    expect(body.blockingGates).toEqual(["p99"]);

    const hold = await deployCall(rex(), "hold", "P99 2.4 s on search: warm-up");
    expect(hold.status).toBe(200);
    const held = (await hold.json()) as LaunchFlowState;
    expect(held.checkpoints[0]).toMatchObject({
      status: "hold",
      call: { personId: "rex", reason: "P99 2.4 s on search: warm-up", blockingGates: ["p99"] },
    });
    expect(held.phase).toBe("HOLDING");
    expect(held.phaseDetail).toBe("Deploy Go/Hold: HOLD by Rex: P99 2.4 s on search: warm-up");

    // The search recovers, but the deploy is still on Hold: the launch's GO waits for Rex's deploy Go.
    setLevels({});
    const go = await launchGo();
    expect(go.status).toBe(409);
    expect((await go.json()).error).toBe(
      "GO refused: Deploy Go/Hold (deploy-go) is HOLD by rex: P99 2.4 s on search: warm-up",
    );
  });

  it("a stale page and a double submit make one call", async () => {
    const s = await state();
    const stale = await deployCall(rex(), "go", undefined, s.revision - 1);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatch(/^expectedRevision: /);
    const calls = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        deployCall(
          i % 2 ? { bearer: REX_TOKEN, origin: null } : rex(),
          "go",
          "smoke report green",
          s.revision,
        ),
      ),
    );
    expect(calls.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const db = await getDb();
    expect(await db.checkpointCall.count({ where: { call: "go" } })).toBe(1);
    expect((await state()).checkpoints[0]?.status).toBe("go");
  });

  it("after the deploy Go the T-15 GO goes through; the checkpoint then cannot change", async () => {
    const go = await launchGo();
    expect(go.status).toBe(200);
    expect(((await go.json()) as LaunchFlowState).phase).toBe("GO");
    const late = await deployCall(rex(), "hold", "too late");
    expect(late.status).toBe(409);
    expect((await late.json()).error).toMatch(/already called GO/);
  });

  it("every call and refusal is audited; the calls are append-only in the database", async () => {
    const audit = await (await auditGet(request("/api/launch/audit?limit=100", rex()))).json();
    const entries = audit.entries as { action: string; outcome: string; actor: string; message: string }[];
    const mine = entries.filter((e) => e.action === "checkpoint");
    expect(mine.map((e) => `${e.actor}:${e.outcome}`)).toEqual(
      expect.arrayContaining(["rex:ok", "rex:refused", "bolt:refused", "vera:refused"]),
    );
    expect(mine.find((e) => e.outcome === "ok")?.message).toMatch(/^Rex called Deploy Go\/Hold (GO|HOLD)/);
    const db = await getDb();
    await expect(db.$executeRawUnsafe(`UPDATE "CheckpointCall" SET "id" = "id"`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.$executeRawUnsafe(`DELETE FROM "CheckpointCall"`)).rejects.toThrow(/append-only/);
  });
});
