// Logs and metrics of actions, through the real route handlers on PGlite: one JSON line per action and per
// refused sign-in, with the request's id, never a password; the sign-in failure counter moves.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signInPost } from "@/app/api/auth/sign-in/route";
import { GET as stateGet } from "@/app/api/launch/state/route";
import { POST as votePost } from "@/app/api/launch/vote/route";
import { GET as metricsGet } from "@/app/metrics/route";
import { resetProcessGuards } from "@/lib/auth/process-guards";
import { closeDb, getDb } from "@/lib/db/client";
import type { LaunchFlowState } from "@/lib/model/launch";
import { resetProcessState, setProcessState } from "@/lib/runtime/process-state";
import { captureLog } from "@/test/support/capture-log";
import { installRunbook, PASSWORDS, request } from "@/test/support/launch-harness";
import { readExposition } from "@/test/support/prometheus-text";

const ENV_KEYS = ["DATABASE_URL", "WARROOM_DATA_DIR", "WARROOM_USERS", "WARROOM_TOKENS"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "warroom-observability-"));
  delete process.env.DATABASE_URL;
  delete process.env.WARROOM_TOKENS;
  process.env.WARROOM_DATA_DIR = path.join(dir, "pglite");
  process.env.WARROOM_USERS = Object.entries(PASSWORDS)
    .map(([id, pw]) => `${id}:${pw}`)
    .join(",");
  resetProcessGuards();
  resetProcessState("runtime.metrics");
  setProcessState("auth.forwarded-guard", { trusted: new Set<string>() });
  installRunbook();
  await getDb();
});
afterAll(async () => {
  await closeDb();
  await rm(dir, { recursive: true, force: true });
  resetProcessState("auth.forwarded-guard");
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

function withId(req: Request, id: string): Request {
  req.headers.set("x-request-id", id);
  return req;
}

async function signInFailures(status: string): Promise<number> {
  const res = await metricsGet(request("/metrics", { origin: null }));
  const families = readExposition(await res.text());
  return (
    families.get("warroom_sign_in_failures_total")?.samples.find((s) => s.labels.status === status)?.value ??
    0
  );
}

describe("action logs and metrics", () => {
  it("a refused sign-in: one warn line with the request id, no password; counted by status", async () => {
    expect(await signInFailures("401")).toBe(0);
    const log = captureLog();
    try {
      const res = await signInPost(
        withId(
          request("/api/auth/sign-in", {}, { person: "rex", password: "not-rex-secret-9" }),
          "req-abc.1",
        ),
      );
      expect(res.status).toBe(401);
      expect(res.headers.get("x-request-id")).toBe("req-abc.1");
      const lines = log.lines().filter((l) => l.event === "sign-in-failure");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: "warn", reqId: "req-abc.1", status: 401, client: "127.0.0.9" });
      expect(JSON.stringify(log.lines())).not.toContain("not-rex-secret-9");
    } finally {
      log.restore();
    }
    expect(await signInFailures("401")).toBe(1);
  });

  it("a vote: one info line naming the action and the person, with a fresh request id on the response", async () => {
    const signIn = await signInPost(
      request("/api/auth/sign-in", {}, { person: "bolt", password: PASSWORDS.bolt }),
    );
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const launch = (await (await stateGet(request("/api/launch/state", {}))).json()) as LaunchFlowState;
    const log = captureLog();
    try {
      const res = await votePost(
        request("/api/launch/vote", { cookie }, { vote: "go", round: launch.round }),
      );
      expect(res.status).toBe(200);
      const id = res.headers.get("x-request-id") ?? "";
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      const actions = log.lines().filter((l) => l.event === "action");
      expect(actions).toEqual([
        expect.objectContaining({
          level: "info",
          action: "vote",
          person: "bolt",
          reqId: id,
          msg: "vote done",
        }),
      ]);
      expect(JSON.stringify(log.lines())).not.toContain(PASSWORDS.bolt);
    } finally {
      log.restore();
    }
  });
});
