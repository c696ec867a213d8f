import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedis } from "@/scripts/services/test-servers";
import { closedPort, startTcpServer } from "@/test/support/local-server";
import { runInfraProbe } from "@/test/support/run-infra-probe";

let limited: RedisServer;
let unlimited: RedisServer;
let locked: RedisServer;
beforeAll(async () => {
  [limited, unlimited, locked] = await Promise.all([
    startRedis({ maxmemory: "2mb" }),
    startRedis(),
    startRedis({ password: "s3cret-pass" }),
  ]);
});
afterAll(async () => {
  await Promise.all([limited?.stop(), unlimited?.stop(), locked?.stop()]);
});

async function withClient<T>(url: string, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await r.connect();
  try {
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

const redis = (url: string, measure: string, extra: Record<string, unknown> = {}) => ({
  kind: "redis",
  url,
  measure,
  ...extra,
});

describe("redis probe: ping and clients", () => {
  it("PONG with its latency", async () => {
    const r = await runInfraProbe(
      redis(unlimited.url, "ping", { thresholds: { direction: "above", warn: 100 } }),
    );
    expect(r).toMatchObject({ level: "ok", unit: "ms", evidence: { reply: "PONG" } });
    expect(r.summary).toMatch(/^PONG from 127\.0\.0\.1:\d+ in [\d.]+ ms$/);
  });

  it("connected clients counts this probe and others", async () => {
    await withClient(unlimited.url, async () => {
      const r = await runInfraProbe(
        redis(unlimited.url, "clients", { thresholds: { direction: "above", warn: 1 } }),
      );
      expect(Number(r.value)).toBeGreaterThanOrEqual(2);
      expect(r.level).toBe("warn");
    });
  });
});

describe("redis probe: memory", () => {
  it("below 70 % of maxmemory → ok; filled past 85 % → crit (launch-day §3.4)", async () => {
    const before = await runInfraProbe(redis(limited.url, "memory"));
    expect(before.level).toBe("ok");
    expect(before.evidence.maxmemory).toBe("2.0 MiB");

    await withClient(limited.url, async (c) => {
      const chunk = "x".repeat(8 * 1024);
      for (let i = 0; i < 400; i++) {
        const info = await c.info("memory");
        const used = Number(/used_memory:(\d+)/.exec(info)?.[1]);
        if (used / (2 * 1024 * 1024) > 0.9) break;
        await c.set(`fill:${i}`, chunk).catch(() => "OOM");
      }
    });
    const after = await runInfraProbe(redis(limited.url, "memory"));
    expect(after.level).toBe("crit");
    expect(Number(after.value)).toBeGreaterThan(85);
    expect(after.summary).toMatch(/^Redis memory [\d.]+% > 85% \(critical\)$/);
  });

  it("no maxmemory → unknown, not a division by zero", async () => {
    const r = await runInfraProbe(redis(unlimited.url, "memory"));
    expect(r.level).toBe("unknown");
    expect(r.value).toBeNull();
    expect(r.summary).toMatch(/^no maxmemory set on 127\.0\.0\.1:\d+ \(used [\d.]+ (KiB|MiB)\)/);
  });
});

describe("redis probe: hit rate", () => {
  it("0/0 on a fresh server → unknown; since start without a previous reading; else over the interval", async () => {
    const fresh = await startRedis();
    try {
      const state = new Map<string, unknown>();
      const none = await runInfraProbe(redis(fresh.url, "hit-rate"), { state });
      expect(none).toMatchObject({
        level: "unknown",
        summary: expect.stringContaining("no keyspace lookups"),
      });

      await withClient(fresh.url, async (c) => {
        await c.set("k", "v");
        for (let i = 0; i < 3; i++) await c.get("k");
        await c.get("missing");
      });
      const sinceStart = await runInfraProbe(
        redis(fresh.url, "hit-rate", { thresholds: { direction: "below", warn: 80 } }),
      );
      expect(sinceStart).toMatchObject({
        level: "warn",
        value: 75,
        evidence: { window: "since start", hits: 3, misses: 1 },
      });
      const first = await runInfraProbe(redis(fresh.url, "hit-rate"), { state });
      expect(first).toMatchObject({
        value: 75,
        evidence: { window: "since previous reading", hits: 3, misses: 1 },
      });

      await withClient(fresh.url, async (c) => {
        for (let i = 0; i < 4; i++) await c.get("k");
      });
      const second = await runInfraProbe(
        redis(fresh.url, "hit-rate", { thresholds: { direction: "below", warn: 80 } }),
        { state },
      );
      expect(second).toMatchObject({
        level: "ok",
        value: 100,
        evidence: { window: "since previous reading", hits: 4, misses: 0 },
      });
    } finally {
      await fresh.stop();
    }
  });
});

describe("redis probe: queue length", () => {
  it("LLEN against the Deal Scout celery limit; a missing key is 0", async () => {
    await withClient(unlimited.url, async (c) => {
      await c.rpush("celery", ...Array.from({ length: 1500 }, (_, i) => `task-${i}`));
      await c.set("not-a-list", "x");
    });
    const long = await runInfraProbe(
      redis(unlimited.url, "queue-length", { key: "celery", thresholds: { direction: "above", crit: 1000 } }),
    );
    expect(long).toMatchObject({ level: "crit", value: 1500, summary: "LLEN celery 1500 > 1000 (critical)" });
    const empty = await runInfraProbe(redis(unlimited.url, "queue-length", { key: "nothing-here" }));
    expect(empty).toMatchObject({ level: "ok", value: 0 });
  });

  it("a key of another type → unknown naming the type", async () => {
    const r = await runInfraProbe(redis(unlimited.url, "queue-length", { key: "not-a-list" }));
    expect(r).toMatchObject({
      level: "unknown",
      summary: expect.stringMatching(/key not-a-list on .* is not a list \(string\)/),
    });
  });
});

describe("redis probe: bad targets", () => {
  it("wrong password → unknown 'authentication failed', and the password is not shown", async () => {
    const r = await runInfraProbe(redis(`redis://:wrong-pass@127.0.0.1:${locked.port}`, "ping"));
    expect(r.level).toBe("unknown");
    expect(r.summary).toMatch(/^authentication failed on Redis at 127\.0\.0\.1:\d+: WRONGPASS/);
    expect(JSON.stringify(r)).not.toContain("wrong-pass");
    expect(r.evidence.url).toBe(`redis://:***@127.0.0.1:${locked.port}`);
  });

  it("no password where one is required → unknown NOAUTH", async () => {
    const r = await runInfraProbe(redis(locked.url, "ping"));
    expect(r).toMatchObject({
      level: "unknown",
      summary: expect.stringMatching(/authentication failed .*NOAUTH/),
    });
  });

  it("the right password works", async () => {
    const r = await runInfraProbe(redis(`redis://:s3cret-pass@127.0.0.1:${locked.port}`, "ping"));
    expect(r.level).toBe("ok");
  });

  it("nothing listening → crit 'connection refused'", async () => {
    const port = await closedPort();
    const r = await runInfraProbe(redis(`redis://127.0.0.1:${port}`, "ping"));
    expect(r).toMatchObject({ level: "crit", summary: `connection refused by Redis at 127.0.0.1:${port}` });
  });

  it("a server that accepts and never answers → crit within timeout + 200 ms, socket closed", async () => {
    let accepted = 0;
    let closed = 0;
    const hung = await startTcpServer((socket) => {
      accepted += 1;
      // Read (and ignore) what arrives, so the client's FIN is seen and "close" fires.
      socket.resume();
      socket.on("close", () => {
        closed += 1;
      });
    });
    try {
      const r = await runInfraProbe(redis(`redis://127.0.0.1:${hung.port}`, "memory"), { timeoutMs: 400 });
      expect(r.level).toBe("crit");
      expect(r.summary).toBe(`no answer from Redis at 127.0.0.1:${hung.port} within 400 ms`);
      expect(r.durationMs).toBeLessThan(2000); // cut at 400 ms; the margin is a loaded host's
      expect(accepted).toBe(1);
      const deadline = performance.now() + 1000;
      while (closed < 1 && performance.now() < deadline) await new Promise((res) => setTimeout(res, 10));
      expect(closed).toBe(1);
    } finally {
      await hung.close();
    }
  });
});
