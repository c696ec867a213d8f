import { describe, expect, it } from "vitest";
import { CredentialsError, demoPassword, loadCredentials } from "@/lib/auth/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { canLead, canTick, canVote, canWaive } from "@/lib/auth/permissions";
import { checkOrigin, readRequestMeta, sessionCookie } from "@/lib/auth/request-meta";
import { hashToken } from "@/lib/auth/token-hash";
import type { Person } from "@/lib/model/runbook-schema";

const IDS = ["rex", "bolt", "vera"];

describe("passwords", () => {
  it("hashes with scrypt and a random salt; verifies in constant time; never matches a malformed hash", async () => {
    const a = hashPassword("correct horse");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toContain("correct horse");
    expect(hashPassword("correct horse")).not.toBe(a);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsE", a)).toBe(false);
    expect(await verifyPassword("x", "plain-text")).toBe(false);
  });

  it("verifies off the event loop: other callbacks run while the hash is computed", async () => {
    const stored = hashPassword("correct horse");
    let ranMeanwhile = false;
    setImmediate(() => {
      ranMeanwhile = true;
    });
    const pending = verifyPassword("wrong horse", stored).then((ok) => ({ ok, ranMeanwhile }));
    expect(await pending).toEqual({ ok: false, ranMeanwhile: true });
  });
});

describe("loadCredentials", () => {
  it.each([
    [
      "production without credentials: sign-in disabled",
      { NODE_ENV: "production" },
      "disabled",
      /disabled.*production mode/,
    ],
    [
      "development without credentials: also disabled (no defaults)",
      { NODE_ENV: "development" },
      "disabled",
      /WARROOM_DEMO=1/,
    ],
    [
      "demo mode provisions documented credentials",
      { NODE_ENV: "production", WARROOM_DEMO: "1" },
      "demo",
      /rex-demo-pass/,
    ],
    ["configured", { NODE_ENV: "production", WARROOM_USERS: "rex:a-long-password" }, "configured", null],
  ] as const)("%s", (_n, env, mode, message) => {
    const c = loadCredentials(env, IDS);
    expect(c.mode).toBe(mode);
    if (message) expect(c.message).toMatch(message);
  });

  it("keeps only hashes: plain passwords are hashed, given hashes and sha256 tokens are taken as they are", async () => {
    const given = hashPassword("bolts-own-password");
    const token = "a".repeat(40);
    const c = loadCredentials(
      {
        WARROOM_USERS: `rex:rex-password-x,bolt:${given}`,
        WARROOM_TOKENS: `rex:${token},bolt:sha256:${hashToken("b".repeat(30))}`,
      },
      IDS,
    );
    expect(c.passwords.get("rex")).toMatch(/^scrypt\$/);
    expect(await verifyPassword("rex-password-x", c.passwords.get("rex") ?? "")).toBe(true);
    expect(c.passwords.get("bolt")).toBe(given);
    expect(c.tokens.get(hashToken(token))).toBe("rex");
    expect(c.tokens.get(hashToken("b".repeat(30)))).toBe("bolt");
    expect(JSON.stringify([...c.passwords, ...c.tokens])).not.toContain("rex-password-x");
  });

  it("demo passwords verify; demo mode has no bearer tokens of its own", async () => {
    const c = loadCredentials({ WARROOM_DEMO: "1" }, IDS);
    expect(await verifyPassword(demoPassword("vera"), c.passwords.get("vera") ?? "")).toBe(true);
    expect(c.passwords.get("vera")).toMatch(/^scrypt\$1024\$/);
    expect(c.tokens.size).toBe(0);
    const withToken = loadCredentials({ WARROOM_DEMO: "1", WARROOM_TOKENS: `rex:${"t".repeat(30)}` }, IDS);
    expect([withToken.mode, withToken.tokens.size]).toEqual(["demo", 1]);
  });

  it("gives each person a credentials epoch: stable across loads, new when the password or mode changes", () => {
    const load = (users: string) => loadCredentials({ WARROOM_USERS: users }, IDS).epochs;
    const a = load("rex:rex-password-x,bolt:bolt-password-x");
    expect(load("rex:rex-password-x,bolt:bolt-password-x")).toEqual(a);
    const changed = load("rex:rex-password-y,bolt:bolt-password-x");
    expect(changed.get("rex")).not.toBe(a.get("rex"));
    expect(changed.get("bolt")).toBe(a.get("bolt"));
    expect(loadCredentials({ WARROOM_DEMO: "1" }, IDS).epochs.get("rex")).not.toBe(a.get("rex"));
    expect(loadCredentials({}, IDS).epochs.size).toBe(0);
  });

  it.each([
    [
      "unknown person",
      { WARROOM_USERS: "mallory:long-enough-pass" },
      /^WARROOM_USERS: entry 1 names no person/,
    ],
    ["short password", { WARROOM_USERS: "rex:short" }, /WARROOM_USERS: entry 1: .* at least 10 characters/],
    ["short token", { WARROOM_TOKENS: "rex:short" }, /WARROOM_TOKENS: entry 1: .* at least 24/],
    ["no separator", { WARROOM_USERS: "rex" }, /WARROOM_USERS: entry 1 must be <person>:<secret>/],
    [
      "a comma inside a password",
      { WARROOM_USERS: "bolt:bolt-password-x,rex:first-half,sEcReT-second-half" },
      /^WARROOM_USERS: entry 3 must be <person>:<secret>$/,
    ],
    [
      "a colon after a comma inside a password",
      { WARROOM_USERS: "rex:first-half-long,sEcReT:second-half" },
      /^WARROOM_USERS: entry 2 names no person of the runbook$/,
    ],
  ])("refuses %s naming the variable and the entry, never the secret", (_n, env, message) => {
    expect(() => loadCredentials(env, IDS)).toThrow(CredentialsError);
    expect(() => loadCredentials(env, IDS)).toThrow(message);
    try {
      loadCredentials(env, IDS);
    } catch (err) {
      const text = String(err);
      for (const secret of ["sEcReT", "short", "first-half", "long-enough-pass"])
        expect(text).not.toContain(secret);
    }
  });
});

const person = (id: string, role: Person["role"], domain?: string): Person => ({
  id,
  name: id,
  role,
  domain,
});
const rex = person("rex", "lead", "overall");
const bolt = person("bolt", "owner", "infra");
const vera = person("vera", "exec");
const guest = person("guest", "viewer");

describe("permissions", () => {
  const gate = { id: "backup", label: "b", domain: "infra", checks: [] };
  const manual = { kind: "manual" as const, id: "m", label: "m", owner: "bolt" };
  const auto = { kind: "auto" as const, id: "a", label: "a", checks: ["x"], accept: ["ok" as const] };
  it.each([
    ["bolt votes infra", canVote(bolt, "infra"), true],
    ["bolt votes affiliate", canVote(bolt, "affiliate"), false],
    ["rex does not vote", canVote(rex, "overall"), false],
    ["vera does not vote", canVote(vera, "infra"), false],
    ["rex leads", canLead(rex), true],
    ["bolt does not lead", canLead(bolt), false],
    ["vera does not lead", canLead(vera), false],
    ["bolt waives an infra gate", canWaive(bolt, gate), true],
    ["rex does not waive an infra gate", canWaive(rex, gate), false],
    ["rex waives an overall gate", canWaive(rex, { ...gate, domain: "overall" }), true],
    ["a viewer waives nothing", canWaive({ ...guest, domain: "infra" }, gate), false],
    ["bolt ticks his item", canTick(bolt, manual), true],
    ["rex does not tick bolt's item", canTick(rex, manual), false],
    ["nobody ticks an automatic item", canTick(bolt, auto), false],
  ])("%s", (_n, verdict, ok) => expect(verdict.ok).toBe(ok));
});

describe("request meta and origin", () => {
  const req = (headers: Record<string, string>) =>
    new Request("http://127.0.0.1:3000/api/launch/vote", { headers });
  it.each([
    ["same origin", { origin: "http://127.0.0.1:3000" }, null],
    ["other origin", { origin: "http://evil.example" }, /origin: http:\/\/evil.example is not this server/],
    ["missing origin", {}, /Origin header is missing/],
    [
      "behind https proxy",
      { origin: "https://war.example", "x-forwarded-proto": "https", host: "war.example" },
      null,
    ],
  ])("%s", (_n, headers, problem) => {
    const bad = checkOrigin(readRequestMeta(req(headers)));
    if (problem) expect(bad).toMatch(problem);
    else expect(bad).toBeNull();
  });
  it("reads bearer, cookie and client", () => {
    const m = readRequestMeta(
      req({
        authorization: "Bearer tok",
        cookie: "a=1; warroom_session=abc%3D",
        "x-forwarded-for": "10.1.1.1, 1.1.1.1",
      }),
    );
    expect([m.bearer, m.sessionToken, m.ip]).toEqual(["tok", "abc=", "10.1.1.1"]);
  });
  it("a malformed session cookie is no session, not an error", () => {
    expect(readRequestMeta(req({ cookie: "warroom_session=%E0%A4%A" })).sessionToken).toBeNull();
  });
  it("cookie is httpOnly, SameSite=Strict, Secure only on https", () => {
    expect(sessionCookie("t", 60, false)).toBe(
      "warroom_session=t; Path=/; HttpOnly; SameSite=Strict; Max-Age=60",
    );
    expect(sessionCookie("t", 60, true)).toBe(
      "__Host-warroom_session=t; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure",
    );
    expect(readRequestMeta(req({ cookie: "__Host-warroom_session=abc" })).sessionToken).toBe("abc");
  });
});
