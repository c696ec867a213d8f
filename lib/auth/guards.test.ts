import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { AttemptLimiter, SignInLimits } from "@/lib/auth/attempt-limiter";
import { AuditTally } from "@/lib/auth/audit-tally";
import {
  clientAddress,
  installForwardedGuard,
  sanitizeForwarded,
  trustedProxies,
} from "@/lib/auth/forwarded-guard";
import { GateFullError, HashGate } from "@/lib/auth/hash-gate";
import { allowedHosts, checkReach, hostName, isLoopbackAddress } from "@/lib/auth/reach";
import type { RequestMeta } from "@/lib/auth/request-meta";
import type { AuditInput } from "@/lib/db/launch-types";
import { Refusal } from "@/lib/model/refusal";

describe("HashGate", () => {
  it("runs at most `limit` tasks, queues `queue` more and refuses the rest at once", async () => {
    const gate = new HashGate(2, 1);
    const releases: (() => void)[] = [];
    let peak = 0;
    const task = () =>
      gate.run(
        () =>
          new Promise<void>((resolve) => {
            peak = Math.max(peak, gate.active);
            releases.push(resolve);
          }),
      );
    const running = [task(), task(), task()];
    await expect(task()).rejects.toBeInstanceOf(GateFullError);
    expect(releases.length).toBe(2);
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(running);
    expect(peak).toBe(2);
    expect(gate.active).toBe(0);
  });
});

describe("sign-in limits", () => {
  it("allows `max` attempts per window, then names the wait; the window ends it", () => {
    const l = new AttemptLimiter({ max: 3, windowMs: 10_000 });
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterSec("a", 0)).toBe(0);
      l.take("a", 0);
    }
    expect(l.retryAfterSec("a", 1_000)).toBe(9);
    expect(l.retryAfterSec("b", 1_000)).toBe(0);
    expect(l.retryAfterSec("a", 10_000)).toBe(0);
  });

  it("stays bounded in keys", () => {
    const l = new AttemptLimiter({ max: 1, windowMs: 60_000 }, 100);
    for (let i = 0; i < 1_000; i++) l.take(`k${i}`, 0);
    expect((l as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });

  it("limits per client and per person; a success gives its attempt back", () => {
    const limits = new SignInLimits(
      new AttemptLimiter({ max: 2, windowMs: 60_000 }),
      new AttemptLimiter({ max: 3, windowMs: 60_000 }),
    );
    expect(limits.begin("10.0.0.1", "rex", 0)).toBe(0);
    limits.succeeded("10.0.0.1", "rex");
    expect(limits.begin("10.0.0.1", "rex", 0)).toBe(0);
    expect(limits.begin("10.0.0.1", "bolt", 0)).toBe(0);
    expect(limits.begin("10.0.0.1", "lyra", 0)).toBe(60);
    expect(limits.begin("10.0.0.2", "rex", 0)).toBe(0);
    expect(limits.begin("10.0.0.3", "rex", 0)).toBe(0);
    expect(limits.begin("10.0.0.4", "rex", 0)).toBe(60);
    expect(limits.begin("10.0.0.4", null, 0)).toBe(0);
  });
});

describe("AuditTally", () => {
  const entry = (message: string): AuditInput => ({
    runbookId: "r",
    actor: null,
    role: null,
    via: null,
    action: "sign-in",
    outcome: "refused",
    ip: "127.0.0.2",
    userAgent: null,
    message,
    data: { person: "rex" },
  });

  it("writes the first of a key per window and one summary for the rest", () => {
    const t = new AuditTally(60_000);
    expect(t.note("k", entry("failed"), 0)).not.toBeNull();
    for (let i = 1; i < 100; i++) expect(t.note("k", entry("failed"), i)).toBeNull();
    expect(t.note("other", entry("failed"), 5)).not.toBeNull();
    expect(t.drain(30_000)).toEqual([]);
    const [summary, ...rest] = t.drain(60_000);
    expect(rest).toEqual([]);
    expect(summary?.message).toMatch(/^failed \(and 99 more like it until /);
    expect(summary?.data).toMatchObject({ person: "rex", repeated: 99 });
    expect(t.note("k", entry("failed"), 60_001)).not.toBeNull();
  });

  it("shares one window among keys past its bound", () => {
    const t = new AuditTally(60_000, 10);
    const written = Array.from({ length: 500 }, (_, i) => t.note(`k${i}`, entry("x"), 0)).filter(Boolean);
    expect(written.length).toBe(11);
  });
});

describe("forwarded headers", () => {
  const none = new Set<string>();
  const proxy = new Set(["10.0.0.9"]);
  it.each([
    ["no proxy configured: the header is ignored", "127.0.0.1", "6.6.6.6", none, "127.0.0.1"],
    ["a peer that is not a proxy", "192.168.1.5", "6.6.6.6", proxy, "192.168.1.5"],
    ["the proxy's client", "10.0.0.9", "6.6.6.6, 203.0.113.7", proxy, "203.0.113.7"],
    ["a chain of trusted proxies", "10.0.0.9", "203.0.113.7, 10.0.0.9", proxy, "203.0.113.7"],
    ["IPv4-mapped peer", "::ffff:127.0.0.1", undefined, none, "127.0.0.1"],
  ])("%s", (_n, peer, xff, trusted, want) => {
    expect(clientAddress(peer, xff, trusted)).toBe(want);
  });

  it("drops the forwarded headers an untrusted peer sent", () => {
    const headers = {
      "x-forwarded-for": "6.6.6.6",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
      "x-real-ip": "6.6.6.6",
    };
    sanitizeForwarded(headers, "127.0.0.1", none);
    expect(headers).toEqual({ "x-forwarded-for": "127.0.0.1" });
    const viaProxy = { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" };
    sanitizeForwarded(viaProxy, "10.0.0.9", proxy);
    expect(viaProxy).toEqual({ "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" });
  });

  it("validates WARROOM_TRUSTED_PROXIES naming the entry", () => {
    expect(trustedProxies(undefined)).toEqual([]);
    expect(trustedProxies("10.0.0.9, ::1")).toEqual(["10.0.0.9", "::1"]);
    expect(() => trustedProxies("10.0.0.9,proxy.internal")).toThrow(/entry 2 is not an IP address/);
  });
});

describe("reach: Host allow-list and demo on loopback", () => {
  const meta = (host: string, ip: string | null): RequestMeta => ({
    ip,
    userAgent: null,
    origin: null,
    selfOrigin: `http://${host}`,
    host,
    secure: false,
    bearer: null,
    sessionToken: null,
  });
  const hosts = allowedHosts(["https://war.example.org"], "tv.example.org:8080");
  const status = (fn: () => void): number | null => {
    try {
      fn();
      return null;
    } catch (err) {
      return err instanceof Refusal ? err.status : -1;
    }
  };
  it.each([
    ["demo, loopback", "demo", "127.0.0.1:3000", "127.0.0.1", false, null],
    ["demo, localhost over IPv6", "demo", "localhost:3000", "::1", false, null],
    ["demo, rebinding Host", "demo", "attacker.example:3000", "127.0.0.1", false, 421],
    ["demo, a remote client", "demo", "127.0.0.1:3000", "192.168.1.20", false, 403],
    [
      "configured, any Host when no allow-list is set",
      "configured",
      "anything:3000",
      "10.1.1.1",
      false,
      null,
    ],
    ["configured, allow-list set, listed", "configured", "war.example.org", "10.1.1.1", true, null],
    ["configured, allow-list set, extra host", "configured", "TV.example.org:8080", "10.1.1.1", true, null],
    ["configured, allow-list set, unlisted", "configured", "evil.example", "10.1.1.1", true, 421],
  ] as const)("%s", (_n, mode, host, ip, enforce, want) => {
    expect(status(() => checkReach(meta(host, ip), { mode }, hosts, enforce))).toBe(want);
  });
  it("parses host names and loopback addresses", () => {
    expect(hostName("[::1]:3000")).toBe("[::1]");
    expect(isLoopbackAddress("127.0.0.42")).toBe(true);
    expect(isLoopbackAddress("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("10.0.0.1")).toBe(false);
  });
});

describe("installForwardedGuard on a real HTTP server", () => {
  it("the handler sees the socket's address, not the X-Forwarded-For a client made up", async () => {
    installForwardedGuard([]);
    const seen: (string | string[] | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers["x-forwarded-for"], req.headers["x-forwarded-host"]);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`, {
      headers: { "x-forwarded-for": "203.0.113.66", "x-forwarded-host": "evil.example" },
    }).then((r) => r.arrayBuffer());
    await new Promise((r) => server.close(r));
    expect(seen).toEqual(["127.0.0.1", undefined]);
  });
});
