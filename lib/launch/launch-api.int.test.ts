import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as meGet } from "@/app/api/auth/me/route";
import { POST as signInPost } from "@/app/api/auth/sign-in/route";
import { POST as signOutPost } from "@/app/api/auth/sign-out/route";
import { GET as auditGet } from "@/app/api/launch/audit/route";
import { POST as decisionPost } from "@/app/api/launch/decision/route";
import { POST as delayPost } from "@/app/api/launch/delay/route";
import { GET as stateGet } from "@/app/api/launch/state/route";
import { POST as tickPost } from "@/app/api/launch/tick/route";
import { POST as votePost } from "@/app/api/launch/vote/route";
import { POST as waiverPost } from "@/app/api/launch/waiver/route";
import { getDb } from "@/lib/db/client";
import type { LaunchFlowState } from "@/lib/model/launch";
import { openApiProcess } from "@/test/support/api-process";
import { envBackends, restoreEnvAfterAll } from "@/test/support/env-backends";
import { type Caller, ORIGIN, PASSWORDS, REX_TOKEN, request, setLevels } from "@/test/support/launch-harness";

const backends = envBackends("launch");

const ACTORS = ["rex", "bolt", "link", "vera", "guest"] as const;
restoreEnvAfterAll(["DATABASE_URL", "WARROOM_DATA_DIR", "WARROOM_USERS", "WARROOM_TOKENS"]);

async function state(): Promise<LaunchFlowState> {
  return (await (await stateGet(request("/api/launch/state", {}))).json()) as LaunchFlowState;
}

describe.each(backends)("launch API on $name", (backend) => {
  let cookies: Record<string, string> = {};
  let close = async () => {};

  beforeAll(async () => {
    ({ cookies, close } = await openApiProcess(backend, ACTORS));
  });
  afterAll(() => close());
  beforeEach(() => setLevels({}));

  it("authorization matrix: each role × each action, anonymous, wrong origin, bearer token", async () => {
    type Cell = { name: string; call: (c: Caller) => Promise<Response> };
    const s = () => state();
    const actions: Cell[] = [
      {
        name: "vote own",
        call: async (c) => votePost(request("/api/launch/vote", c, { vote: "go", round: (await s()).round })),
      },
      {
        name: "vote infra",
        call: async (c) =>
          votePost(request("/api/launch/vote", c, { vote: "go", domain: "infra", round: (await s()).round })),
      },
      {
        name: "HOLD call",
        call: async (c) =>
          decisionPost(
            request("/api/launch/decision", c, {
              call: "hold",
              reason: "matrix",
              expectedRevision: (await s()).revision,
            }),
          ),
      },
      {
        name: "delay",
        call: async (c) =>
          delayPost(
            request("/api/launch/delay", c, {
              minutes: 5,
              reason: "matrix",
              expectedRevision: (await s()).revision,
            }),
          ),
      },
      {
        name: "waive backup",
        call: (c) => waiverPost(request("/api/launch/waiver", c, { gate: "backup", reason: "checked" })),
      },
      {
        name: "waive affiliate",
        call: (c) => waiverPost(request("/api/launch/waiver", c, { gate: "affiliate", reason: "fine" })),
      },
      {
        name: "waive no-p1",
        call: (c) => waiverPost(request("/api/launch/waiver", c, { gate: "no-p1", reason: "none" })),
      },
      {
        name: "tick bolt item",
        call: (c) => tickPost(request("/api/launch/tick", c, { item: "t0-infra-watch" })),
      },
      {
        name: "tick link item",
        call: (c) => tickPost(request("/api/launch/tick", c, { item: "t30-ga4-click" })),
      },
      { name: "read audit", call: (c) => auditGet(request("/api/launch/audit?limit=5", c)) },
      { name: "read state", call: (c) => stateGet(request("/api/launch/state", c)) },
    ];
    const callers: [string, Caller][] = [
      ["anonymous", {}],
      ...ACTORS.map((p): [string, Caller] => [`${p} (session)`, { cookie: cookies[p] }]),
      ["bolt, wrong origin", { cookie: cookies.bolt, origin: "http://evil.example" }],
      ["bolt, no origin", { cookie: cookies.bolt, origin: null }],
      ["rex bearer token", { bearer: REX_TOKEN, origin: null }],
      ["unknown bearer", { bearer: "not-a-token-not-a-token-xx", origin: null }],
    ];
    const A = 200;
    const expected: Record<string, number[]> = {
      // vote own, vote infra, HOLD, delay, waive backup, waive affiliate, waive no-p1, tick bolt, tick link, audit, state
      anonymous: [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, A],
      "rex (session)": [403, 403, A, A, 403, 403, A, 403, 403, A, A],
      "bolt (session)": [A, A, 403, 403, A, 403, 403, A, 403, A, A],
      "link (session)": [A, 403, 403, 403, 403, A, 403, 403, A, A, A],
      "vera (session)": [403, 403, 403, 403, 403, 403, 403, 403, 403, A, A],
      "guest (session)": [403, 403, 403, 403, 403, 403, 403, 403, 403, A, A],
      "bolt, wrong origin": [403, 403, 403, 403, 403, 403, 403, 403, 403, A, A],
      "bolt, no origin": [403, 403, 403, 403, 403, 403, 403, 403, 403, A, A],
      "rex bearer token": [403, 403, A, A, 403, 403, A, 403, 403, A, A],
      "unknown bearer": [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, A],
    };
    const rows: string[] = [];
    for (const [name, caller] of callers) {
      const got: number[] = [];
      for (const action of actions) got.push((await action.call(caller)).status);
      rows.push(`| ${name.padEnd(19)} | ${got.map((g) => String(g).padEnd(5)).join(" | ")} |`);
      expect(got, name).toEqual(expected[name]);
    }
    if (backend.name === "postgres") {
      console.log(
        [`| caller              | ${actions.map((a) => a.name).join(" | ")} |`, ...rows].join("\n"),
      );
    }
    // Refusals of signed-in people are audited with who, what and from where.
    const audit = await (
      await auditGet(request("/api/launch/audit?limit=300", { cookie: cookies.rex }))
    ).json();
    const refused = audit.entries.find(
      (e: { actor: string; action: string; outcome: string }) =>
        e.actor === "vera" && e.action === "decision" && e.outcome === "refused",
    );
    expect(refused).toMatchObject({ role: "exec", via: "session", ip: "127.0.0.9", userAgent: "vitest" });
  });

  it("a Hold needs a reason; votes change until the call, with history kept", async () => {
    const { round } = await state();
    const bad = await votePost(
      request("/api/launch/vote", { cookie: cookies.bolt }, { vote: "hold", round }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^reason: /);
    for (const [vote, reason] of [
      ["hold", "PgBouncer pool at 82%"],
      ["go", undefined],
      ["hold", "replica lag"],
    ] as const) {
      const res = await votePost(
        request("/api/launch/vote", { cookie: cookies.bolt }, { vote, reason, round }),
      );
      expect(res.status).toBe(200);
    }
    const infra = (await state()).poll.domains.find((d) => d.domain === "infra");
    expect(infra).toMatchObject({ vote: "hold", reason: "replica lag", by: "bolt" });
    expect(infra?.changes).toBeGreaterThanOrEqual(2);
    const stale = await votePost(
      request("/api/launch/vote", { cookie: cookies.bolt }, { vote: "go", round: round - 1 || 99 }),
    );
    expect(stale.status).toBe(409);
  });

  it("GO is refused naming the red P0 gate; waivers unblock it; then the poll is closed and a second call refused", async () => {
    // The matrix already waived backup, no-p1 and affiliate; disk and API health go red now.
    setLevels({ "affiliate-redirect": "crit", "api-health": "crit", "host-disk": "crit" });
    let s = await state();
    const refused = await decisionPost(
      request("/api/launch/decision", { cookie: cookies.rex }, { call: "go", expectedRevision: s.revision }),
    );
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body.error).toMatch(/^GO refused: /);
    expect(body.error).toMatch(
      /P0 gate "API health 200" \(api-health\) is red: API \/health: CRIT — api-health broken/,
    );
    expect(body.blockingGates).toEqual(["api-health", "disk"]);
    for (const [who, gate] of [
      ["bolt", "disk"],
      ["bolt", "api-health"],
      ["link", "affiliate"],
    ] as const) {
      const res = await waiverPost(
        request("/api/launch/waiver", { cookie: cookies[who] }, { gate, reason: `verified by ${who}` }),
      );
      expect(res.status).toBe(200);
    }
    s = await state();
    expect(s.gates.find((g) => g.id === "affiliate")).toMatchObject({
      status: "waived",
      waiver: { personId: "link" },
    });
    // A page that loaded before the last waiver is stale.
    const stale = await decisionPost(
      request(
        "/api/launch/decision",
        { cookie: cookies.rex },
        { call: "go", expectedRevision: s.revision - 1 },
      ),
    );
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatch(/^expectedRevision: /);
    const go = await decisionPost(
      request(
        "/api/launch/decision",
        { cookie: cookies.rex },
        { call: "go", reason: "all green or waived", expectedRevision: s.revision },
      ),
    );
    expect(go.status).toBe(200);
    const after = (await go.json()) as LaunchFlowState;
    expect(after.phase).toBe("GO");
    expect(after.poll.open).toBe(false);
    const late = await votePost(
      request(
        "/api/launch/vote",
        { cookie: cookies.link },
        { vote: "hold", reason: "x", round: after.round },
      ),
    );
    expect(late.status).toBe(409);
    const again = await decisionPost(
      request(
        "/api/launch/decision",
        { cookie: cookies.rex },
        { call: "hold", expectedRevision: after.revision },
      ),
    );
    expect(again.status).toBe(409);
    const audit = await (await auditGet(request("/api/launch/audit?limit=50", { bearer: REX_TOKEN }))).json();
    const actions = audit.entries.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(["decision:ok", "waiver:ok", "decision:refused"]));
  });

  it("the delay moves T-0 and reopens the poll; HOLD with a red P0 delays by the runbook's 30 min", async () => {
    let s = await state();
    const t0 = Date.parse(s.effectiveT0);
    const res = await delayPost(
      request(
        "/api/launch/delay",
        { cookie: cookies.rex },
        { reason: "Product Hunt asset late", expectedRevision: s.revision },
      ),
    );
    expect(res.status).toBe(200);
    s = (await res.json()) as LaunchFlowState;
    expect(Date.parse(s.effectiveT0) - t0).toBe(30 * 60_000);
    expect(s.poll.open).toBe(true);
    setLevels({ "api-health-detailed": "crit" });
    const hold = await decisionPost(
      request(
        "/api/launch/decision",
        { cookie: cookies.rex },
        { call: "hold", reason: "API down", expectedRevision: s.revision },
      ),
    );
    expect(hold.status).toBe(200);
    const held = (await hold.json()) as LaunchFlowState;
    expect(Date.parse(held.effectiveT0) - t0).toBe(60 * 60_000);
    expect(held.round).toBe(s.round + 1);
    expect(held.delays.at(-1)?.reason).toMatch(
      /^unresolved P0 at the decision: .*P0 gate "DB healthy" \(db-healthy\) is red/,
    );
  });

  it("concurrent calls and double submits make one decision; concurrent votes are all kept", async () => {
    setLevels({});
    const s = await state();
    const votes = await Promise.all(
      ["bolt", "link", "bolt", "link", "bolt", "link", "bolt", "link"].map((p, i) =>
        votePost(
          request(
            "/api/launch/vote",
            { cookie: cookies[p] },
            { vote: i % 3 ? "go" : "hold", reason: `v${i}`, round: s.round },
          ),
        ),
      ),
    );
    expect(votes.map((r) => r.status)).toEqual(Array(8).fill(200));
    const s2 = await state();
    const calls = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        decisionPost(
          request(
            "/api/launch/decision",
            i % 2 ? { bearer: REX_TOKEN, origin: null } : { cookie: cookies.rex },
            {
              call: "go",
              expectedRevision: s2.revision,
            },
          ),
        ),
      ),
    );
    const statuses = calls.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const db = await getDb();
    const rows = await db.launchDecision.findMany({ where: { round: s2.round } });
    expect(rows).toHaveLength(1);
    const voteRows = await db.launchVote.count({ where: { round: s.round } });
    expect(voteRows).toBe(8);
  });

  it("votes racing the call are either recorded before it or refused, never lost", async () => {
    let s = await state();
    const delay = await delayPost(
      request(
        "/api/launch/delay",
        { cookie: cookies.rex },
        { reason: "race test", expectedRevision: s.revision },
      ),
    );
    s = (await delay.json()) as LaunchFlowState;
    const db = await getDb();
    const before = await db.launchVote.count({ where: { round: s.round } });
    const voteReqs = Array.from({ length: 10 }, (_, i) =>
      votePost(
        request(
          "/api/launch/vote",
          { cookie: cookies[i % 2 ? "bolt" : "link"] },
          { vote: "go", round: s.round },
        ),
      ),
    );
    const call = (async () => {
      // The lead's page keeps up with the votes until its call lands.
      for (let attempt = 0; attempt < 50; attempt++) {
        const cur = await state();
        const res = await decisionPost(
          request(
            "/api/launch/decision",
            { cookie: cookies.rex },
            { call: "hold", reason: "race", expectedRevision: cur.revision },
          ),
        );
        if (res.status === 200) return res;
      }
      throw new Error("the call never landed");
    })();
    const results = await Promise.all([...voteReqs, call]);
    const accepted = results.slice(0, 10).filter((r) => r.status === 200).length;
    expect(results.slice(0, 10).every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect((await db.launchVote.count({ where: { round: s.round } })) - before).toBe(accepted);
    const decision = await db.launchDecision.findFirst({ where: { round: s.round } });
    const lateVotes = await db.launchVote.count({
      where: { round: s.round, at: { gt: decision?.at ?? new Date(0) } },
    });
    expect(lateVotes).toBe(0);
  });

  it("the audit log and the launch history are append-only in the database", async () => {
    const db = await getDb();
    for (const table of [
      "AuditEntry",
      "LaunchVote",
      "LaunchDecision",
      "GateWaiver",
      "LaunchDelay",
      "ItemTick",
    ]) {
      expect(
        await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table}"`),
        table,
      ).not.toEqual([{ n: 0 }]);
      await expect(db.$executeRawUnsafe(`UPDATE "${table}" SET "id" = "id"`)).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe(`DELETE FROM "${table}"`)).rejects.toThrow(/append-only/);
    }
    expect(await db.auditEntry.count()).toBeGreaterThan(20);
  });

  it("sign-in: wrong password refused and audited; cookie is httpOnly + SameSite=Strict; sign-out ends the session", async () => {
    const bad = await signInPost(
      request("/api/auth/sign-in", {}, { person: "bolt", password: "nope-nope-nope" }),
    );
    expect(bad.status).toBe(401);
    const evil = await signInPost(
      request(
        "/api/auth/sign-in",
        { origin: "http://evil.example" },
        { person: "bolt", password: PASSWORDS.bolt },
      ),
    );
    expect(evil.status).toBe(403);
    const ok = await signInPost(
      request("/api/auth/sign-in", {}, { person: "bolt", password: PASSWORDS.bolt }),
    );
    const setCookie = ok.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie.split(";")[0] ?? "";
    const me = await (await meGet(request("/api/auth/me", { cookie }))).json();
    expect(me.person).toMatchObject({ id: "bolt", role: "owner", domain: "infra" });
    expect((await signOutPost(request("/api/auth/sign-out", { cookie }, {}))).status).toBe(200);
    expect((await (await meGet(request("/api/auth/me", { cookie }))).json()).person).toBeNull();
    const db = await getDb();
    const sessions = await db.authSession.findMany();
    expect(sessions.every((x) => !cookie.includes(x.tokenHash))).toBe(true);
    const failed = await db.auditEntry.findFirst({
      where: { action: "sign-in", outcome: "refused", actor: null },
    });
    expect(failed?.message).toMatch(/failed sign-in as "bolt"/);
    expect(ORIGIN).toMatch(/^http:/);
  });
});
