import { describe, expect, it } from "vitest";
import { CredentialsError, demoPassword, loadCredentials } from "@/lib/auth/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { canLead, canTick, canVote, canWaive } from "@/lib/auth/permissions";
import { checkOrigin, readRequestMeta, sessionCookie } from "@/lib/auth/request-meta";
import { hashToken } from "@/lib/auth/token-hash";
import type { Person } from "@/lib/model/runbook-schema";

const IDS = ["rex", "bolt", "vera"];

describe("passwords", () => {
  it("hashes with scrypt and a random salt; verifies in constant time; never matches a malformed hash", () => {
    const a = hashPassword("correct horse");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toContain("correct horse");
    expect(hashPassword("correct horse")).not.toBe(a);
    expect(verifyPassword("correct horse", a)).toBe(true);
    expect(verifyPassword("correct horsE", a)).toBe(false);
    expect(verifyPassword("x", "plain-text")).toBe(false);
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

  it("keeps only hashes: plain passwords are hashed, given hashes and sha256 tokens are taken as they are", () => {
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
    expect(verifyPassword("rex-password-x", c.passwords.get("rex") ?? "")).toBe(true);
    expect(c.passwords.get("bolt")).toBe(given);
    expect(c.tokens.get(hashToken(token))).toBe("rex");
    expect(c.tokens.get(hashToken("b".repeat(30)))).toBe("bolt");
    expect(JSON.stringify([...c.passwords, ...c.tokens])).not.toContain("rex-password-x");
  });

  it("demo passwords verify", () => {
    const c = loadCredentials({ WARROOM_DEMO: "1" }, IDS);
    expect(verifyPassword(demoPassword("vera"), c.passwords.get("vera") ?? "")).toBe(true);
  });

  it.each([
    ["unknown person", { WARROOM_USERS: "mallory:long-enough-pass" }, /WARROOM_USERS: no person "mallory"/],
    ["short password", { WARROOM_USERS: "rex:short" }, /at least 10 characters/],
    ["short token", { WARROOM_TOKENS: "rex:short" }, /WARROOM_TOKENS: .* at least 24/],
    ["no separator", { WARROOM_USERS: "rex" }, /must be <person>:<secret>/],
  ])("refuses %s naming the variable", (_n, env, message) => {
    expect(() => loadCredentials(env, IDS)).toThrow(CredentialsError);
    expect(() => loadCredentials(env, IDS)).toThrow(message);
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
  it("cookie is httpOnly, SameSite=Strict, Secure only on https", () => {
    expect(sessionCookie("t", 60, false)).toBe(
      "warroom_session=t; Path=/; HttpOnly; SameSite=Strict; Max-Age=60",
    );
    expect(sessionCookie("t", 60, true)).toMatch(/; Secure$/);
  });
});
