import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as modePost } from "@/app/api/launch/mode/route";
import { resetProcessGuards } from "@/lib/auth/process-guards";
import { evaluateBoard } from "@/lib/collector/publish-board";
import { closeDb, getDb } from "@/lib/db/client";
import { readLaunchRecord } from "@/lib/db/read-launch-record";
import { getHub } from "@/lib/hub/hub";
import type { LaunchFlowState } from "@/lib/model/launch";
import { setHarnessCredentials, signIn } from "@/test/support/api-process";
import { restoreEnvAfterAll } from "@/test/support/env-backends";
import { installRunbook, REX_TOKEN, request, setLevels } from "@/test/support/launch-harness";
import { createTestDatabase } from "@/test/support/test-database";

restoreEnvAfterAll(["DATABASE_URL", "WARROOM_DATA_DIR", "WARROOM_USERS", "WARROOM_TOKENS"]);

const boardMode = () => {
  setLevels({});
  return evaluateBoard(getHub(), new Date())?.mode;
};

describe("POST /api/launch/mode: the lead's override of the screen's mode", () => {
  let drop: () => Promise<void>;

  beforeAll(async () => {
    setHarnessCredentials();
    const db = await createTestDatabase("screen-mode");
    process.env.DATABASE_URL = db.url;
    drop = db.drop;
    resetProcessGuards();
    installRunbook();
    await getDb();
  });
  afterAll(async () => {
    await closeDb();
    await drop?.();
  });

  it("the lead sets incident mode: stored, audited, on the board with who and why; then clears it", async () => {
    // T-0 two hours ahead: the launch window has just opened.
    expect(boardMode()?.mode).toBe("launch");
    const res = await modePost(
      request("/api/launch/mode", { bearer: REX_TOKEN }, { mode: "incident", reason: "drill" }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as LaunchFlowState).modeOverride).toMatchObject({
      mode: "incident",
      personId: "rex",
    });

    const view = boardMode();
    expect(view).toMatchObject({ mode: "incident", auto: { mode: "launch" }, override: { reason: "drill" } });
    expect(view?.why).toMatch(/^set by Rex at .*: drill$/);

    const db = await getDb();
    // What another process (or this one after a restart) reads back.
    expect((await readLaunchRecord(db, "buywhere-us-launch")).modeOverride).toMatchObject({
      mode: "incident",
    });
    const audit = await db.auditEntry.findMany({ where: { action: "screen-mode" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actor, a.outcome, a.message])).toEqual([
      ["rex", "ok", "Rex set the screen to incident mode: drill"],
    ]);

    const cleared = await modePost(
      request("/api/launch/mode", { bearer: REX_TOKEN }, { mode: null, reason: "drill over" }),
    );
    expect(cleared.status).toBe(200);
    expect(boardMode()).toMatchObject({ mode: "launch", override: null });
    expect((await readLaunchRecord(db, "buywhere-us-launch")).modeOverride).toBeNull();
    expect(await db.screenModeChange.count()).toBe(2);
    await expect(db.$executeRawUnsafe(`UPDATE "ScreenModeChange" SET "mode" = NULL`)).rejects.toThrow(
      /append-only/,
    );
  });

  it("anyone but the lead is refused, and the refusal of a signed-in owner is audited", async () => {
    const db = await getDb();
    const bolt = await signIn("bolt");
    const refused = await modePost(
      request("/api/launch/mode", { cookie: bolt }, { mode: "deploy", reason: "mine" }),
    );
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/only the incident lead sets the screen's mode; Bolt is owner/);
    const rows = await db.auditEntry.findMany({ where: { action: "screen-mode", actor: "bolt" } });
    expect(rows.map((r) => r.outcome)).toEqual(["refused"]);

    const anonymous = await modePost(request("/api/launch/mode", {}, { mode: "deploy", reason: "who" }));
    expect(anonymous.status).toBe(401);
    const sideways = await modePost(
      request("/api/launch/mode", { bearer: REX_TOKEN }, { mode: "sideways", reason: "x y z" }),
    );
    expect(sideways.status).toBe(400);
    const bare = await modePost(
      request("/api/launch/mode", { bearer: REX_TOKEN }, { mode: "deploy", reason: "" }),
    );
    expect(bare.status).toBe(400);
    expect(await db.screenModeChange.count()).toBe(2);
    expect(boardMode()?.mode).toBe("launch");
  });
});
