// The security edges against the real route handlers on PGlite: the sign-in flood, credential variables,
// sessions, anonymous refusals, bodies, ids, roles and the demo's reach.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as meGet } from "@/app/api/auth/me/route";
import { POST as signInPost } from "@/app/api/auth/sign-in/route";
import { POST as notePost } from "@/app/api/incidents/events/route";
import { POST as declarePost } from "@/app/api/incidents/route";
import { POST as tickPost } from "@/app/api/launch/tick/route";
import { POST as votePost } from "@/app/api/launch/vote/route";
import { POST as rollbackPost } from "@/app/api/rollback/start/route";
import { resetProcessGuards } from "@/lib/auth/process-guards";
import { flushTalliedAudit } from "@/lib/auth/tallied-audit";
import { hashToken } from "@/lib/auth/token-hash";
import { closeDb, getDb } from "@/lib/db/client";
import { installRunbook, ORIGIN, PASSWORDS, REX_TOKEN, request } from "@/test/support/launch-harness";

const ENV_KEYS = [
  "DATABASE_URL",
  "WARROOM_DATA_DIR",
  "WARROOM_USERS",
  "WARROOM_TOKENS",
  "WARROOM_DEMO",
  "WARROOM_ALLOWED_HOSTS",
] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const USERS = Object.entries(PASSWORDS)
  .map(([id, pw]) => `${id}:${pw}`)
  .join(",");

/** A sign-in from `ip` (as the forwarded-header guard leaves it: one address) to `host`. */
function signInFrom(ip: string, person: string, password: string, host = "127.0.0.1:3999"): Request {
  return new Request(`${ORIGIN}/api/auth/sign-in`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": ip,
      host,
      origin: `http://${host}`,
      "user-agent": "vitest",
    },
    body: JSON.stringify({ person, password }),
  });
}

async function cookieOf(res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).toBe(200);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

async function whoIs(cookie: string): Promise<string | null> {
  const me = (await (await meGet(request("/api/auth/me", { cookie }))).json()) as {
    person: { id: string } | null;
  };
  return me.person?.id ?? null;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "warroom-security-"));
  delete process.env.DATABASE_URL;
  process.env.WARROOM_DATA_DIR = path.join(dir, "pglite");
  process.env.WARROOM_USERS = USERS;
  process.env.WARROOM_TOKENS = `rex:${REX_TOKEN}`;
  delete process.env.WARROOM_DEMO;
  delete process.env.WARROOM_ALLOWED_HOSTS;
  installRunbook();
  await getDb();
});
afterAll(async () => {
  await closeDb();
  await rm(dir, { recursive: true, force: true });
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});
beforeEach(() => {
  resetProcessGuards();
  process.env.WARROOM_USERS = USERS;
  process.env.WARROOM_TOKENS = `rex:${REX_TOKEN}`;
  delete process.env.WARROOM_DEMO;
});

describe("security edges (PGlite)", () => {
  it("expired sessions are purged when someone signs in", async () => {
    const db = await getDb();
    await db.authSession.create({
      data: { tokenHash: hashToken("old"), personId: "rex", expiresAt: new Date(Date.now() - 60_000) },
    });
    await cookieOf(await signInPost(signInFrom("127.0.0.1", "sol", PASSWORDS.sol ?? "")));
    expect(await db.authSession.count({ where: { tokenHash: hashToken("old") } })).toBe(0);
  });

  it("a flood of wrong passwords from 127.0.0.x gets 429s with Retry-After, few audit rows, and lets others in", async () => {
    const db = await getDb();
    const before = await db.auditEntry.count({ where: { action: "sign-in", outcome: "refused" } });
    const flood = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        signInPost(signInFrom(`127.0.0.${1 + (i % 4)}`, "bolt", `wrong-password-${i}`)),
      ),
    );
    const statuses = flood.map((r) => r.status);
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
    const limited = flood.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(180);
    for (const r of limited) expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);

    // The person is locked for a while, even with the right password from another address…
    expect((await signInPost(signInFrom("127.0.0.6", "bolt", PASSWORDS.bolt ?? ""))).status).toBe(429);
    // …while everyone else signs in.
    expect(
      await whoIs(await cookieOf(await signInPost(signInFrom("127.0.0.5", "rex", PASSWORDS.rex ?? "")))),
    ).toBe("rex");

    await flushTalliedAudit(db);
    const rows = await db.auditEntry.findMany({
      where: { action: "sign-in", outcome: "refused" },
      orderBy: { id: "asc" },
      skip: before,
    });
    // One row per client and outcome, one summary each for the repeats: never one row per attempt.
    expect(rows.length).toBeLessThanOrEqual(4 * 2 * 2 + 2);
    // A first row stands for one attempt, a summary for the repeats it names.
    const counted = rows.reduce((n, r) => n + ((r.data as { repeated?: number }).repeated ?? 1), 0);
    expect(counted).toBe(201);
  });

  it("bounds the sign-in input", async () => {
    const long = await signInPost(signInFrom("127.0.0.7", "x".repeat(65), "whatever-password"));
    expect(long.status).toBe(400);
    expect(await long.text()).toMatch(/person/);
    const huge = await signInPost(signInFrom("127.0.0.7", "rex", "p".repeat(10_000)));
    expect(huge.status).toBe(413);
  });

  it("a malformed credential variable never reaches a client: generic 500 with a reference", async () => {
    process.env.WARROOM_USERS = "rex:first-half-long,sEcReT-second-half";
    const res = await meGet(request("/api/auth/me", {}));
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(text).toMatch(/internal error \(ref [0-9a-f]{12}\)/);
    expect(text).not.toMatch(/sEcReT|WARROOM_USERS|first-half/);
  });

  it("sessions die when the person's password changes or sign-in is disabled", async () => {
    const rex = await cookieOf(await signInPost(signInFrom("127.0.0.8", "rex", PASSWORDS.rex ?? "")));
    const bolt = await cookieOf(await signInPost(signInFrom("127.0.0.8", "bolt", PASSWORDS.bolt ?? "")));
    expect([await whoIs(rex), await whoIs(bolt)]).toEqual(["rex", "bolt"]);
    process.env.WARROOM_USERS = USERS.replace(`rex:${PASSWORDS.rex}`, "rex:a-brand-new-password");
    expect([await whoIs(rex), await whoIs(bolt)]).toEqual([null, "bolt"]);
    process.env.WARROOM_USERS = "";
    process.env.WARROOM_TOKENS = "";
    expect(await whoIs(bolt)).toBeNull();
  });

  it("a malformed session cookie is a 401, not a 500", async () => {
    const res = await votePost(
      request("/api/launch/vote", { cookie: "warroom_session=%E0%A4%A" }, { vote: "go" }),
    );
    expect(res.status).toBe(401);
    expect((await meGet(request("/api/auth/me", { cookie: "warroom_session=%E0%A4%A" }))).status).toBe(200);
  });

  it("anonymous refusals are audited once per client and minute, then summed", async () => {
    const db = await getDb();
    const where = { action: "vote", outcome: "refused", actor: null, ip: "127.0.0.9" };
    const before = await db.auditEntry.count({ where });
    for (let i = 0; i < 30; i++) {
      expect((await votePost(request("/api/launch/vote", {}, { vote: "go" }))).status).toBe(401);
    }
    expect(await db.auditEntry.count({ where })).toBe(before + 1);
    await flushTalliedAudit(db);
    const last = await db.auditEntry.findFirst({ where, orderBy: { id: "desc" } });
    expect(last?.message).toMatch(/and 29 more like it/);
  });

  it("bodies are capped (413) and ids echoed in 404s are cut", async () => {
    const rex = { bearer: REX_TOKEN, origin: null };
    const big = await votePost(request("/api/launch/vote", rex, { vote: "go", pad: "x".repeat(100_000) }));
    expect(big.status).toBe(413);
    const missing = await tickPost(request("/api/launch/tick", rex, { item: "i".repeat(90) }));
    expect(missing.status).toBe(404);
    const { error } = (await missing.json()) as { error: string };
    expect(error).toMatch(/…\(90 chars\)/);
    expect(error.length).toBeLessThan(100);
  });

  it("a rollback's incidentId must be an incident id", async () => {
    const res = await rollbackPost(
      request(
        "/api/rollback/start",
        { bearer: REX_TOKEN, origin: null },
        {
          confirm: "ROLLBACK",
          reason: "the new image fails its health checks",
          planHash: "0123456789abcdef",
          incidentId: "'; drop table",
        },
      ),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/incidentId/);
  });

  it("only the lead and the comms owner post a status update to the incident timeline", async () => {
    const declared = await declarePost(
      request(
        "/api/incidents",
        { bearer: REX_TOKEN, origin: null },
        { severity: "P2", title: "status test" },
      ),
    );
    expect(declared.status, await declared.clone().text()).toBe(200);
    const { incident } = (await declared.json()) as { incident: { id: string } };
    const note = async (person: string, kind: string) => {
      const cookie = await cookieOf(
        await signInPost(signInFrom("127.0.0.10", person, PASSWORDS[person] ?? "")),
      );
      return (
        await notePost(request("/api/incidents/events", { cookie }, { id: incident.id, kind, message: "m" }))
      ).status;
    };
    expect(await note("bolt", "status-post")).toBe(403);
    expect(await note("bolt", "message")).toBe(200);
    expect(await note("lyra", "status-post")).toBe(200);
  });

  it("demo mode: no well-known token, loopback clients only, Host on the allow-list", async () => {
    process.env.WARROOM_USERS = "";
    process.env.WARROOM_TOKENS = "";
    process.env.WARROOM_DEMO = "1";
    const demo = (ip: string, host?: string) => signInPost(signInFrom(ip, "rex", "rex-demo-pass", host));
    expect((await demo("127.0.0.1", "evil.example:3999")).status).toBe(421);
    expect((await demo("192.168.1.7")).status).toBe(403);
    expect(await whoIs(await cookieOf(await demo("127.0.0.1", "localhost:3999")))).toBe("rex");
    const oldToken = { bearer: "demo-token-rex-0123456789", origin: null };
    expect((await votePost(request("/api/launch/vote", oldToken, { vote: "go" }))).status).toBe(401);
  });
});
