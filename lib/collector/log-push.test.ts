import { afterEach, describe, expect, it } from "vitest";
import { type LogPush, startLogPush } from "@/lib/collector/log-push";
import type { FollowOptions } from "@/lib/probes/infra/docker-log-follow";
import { parseRunbook } from "@/lib/runbook/load-runbook";

const runbook = parseRunbook(
  {
    id: "t",
    name: "T",
    system: "S",
    launch: { local: "2026-04-23T09:00", timeZone: "UTC" },
    checks: [
      {
        id: "error-rate",
        kind: "prometheus",
        label: "5xx",
        url: "http://127.0.0.1:1/metrics",
        series: "error-rate",
        thresholds: { direction: "above", warn: 0.5, crit: 1 },
      },
      { id: "api-logs", kind: "docker-logs", label: "logs", project: "shop", service: "api", critCount: 3 },
    ],
    logPush: {
      containers: [{ project: "shop", service: "api" }],
      errorRate: { check: "error-rate" },
      errorLines: { check: "api-logs" },
    },
  },
  "test",
);

let push: LogPush | null = null;
afterEach(() => push?.stop());

function start() {
  let t = Date.parse("2026-04-23T13:00:00Z");
  const follows: FollowOptions[] = [];
  let changes = 0;
  push = startLogPush({
    runbook,
    onChange: () => changes++,
    follow: (o) => {
      follows.push(o);
      return { stop: () => {}, status: () => null };
    },
    now: () => t,
    log: () => {},
    tickMs: 60_000,
  });
  const follow = follows[0] as FollowOptions;
  const line = (status: number) => follow.onLine(t, `INFO [api] 127.0.0.1:1 - "GET /x HTTP/1.1" ${status} -`);
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    follow,
    line,
    flush,
    advance: (ms: number) => {
      t += ms;
    },
    read: () => push?.read(t),
    changes: () => changes,
  };
}

describe("startLogPush", () => {
  it("is null without logPush in the runbook", () => {
    expect(startLogPush({ runbook: { ...runbook, logPush: undefined }, onChange: () => {} })).toBeNull();
  });

  it("is unknown until its stream is connected, then pushes at the first failing request and at each level", async () => {
    const s = start();
    expect(s.read()?.get("error-rate")).toMatchObject({
      level: "unknown",
      summary: expect.stringMatching(/down .*connecting/),
    });
    s.follow.onStatus({ kind: "connected", container: "shop-api-1" });
    await s.flush();
    const afterConnect = s.changes();
    for (let i = 0; i < 400; i++) s.line(200);
    await s.flush();
    expect(s.changes()).toBe(afterConnect + 1); // unknown → ok, once for the burst
    expect(s.read()?.get("error-rate")).toMatchObject({ level: "ok", value: 0 });

    s.line(500);
    await s.flush();
    expect(s.changes()).toBe(afterConnect + 2); // the first failure is on screen at once, though still ok
    expect(s.read()?.get("error-rate")).toMatchObject({ level: "ok", evidence: { failing: 1 } });
    for (let i = 0; i < 2; i++) s.line(500);
    await s.flush();
    expect(s.read()?.get("error-rate")?.level).toBe("warn");
    for (let i = 0; i < 3; i++) s.line(503);
    await s.flush();
    expect(s.read()?.get("error-rate")).toMatchObject({ level: "crit", value: (6 / 406) * 100 });
    expect(s.changes()).toBe(afterConnect + 4);
    s.line(200);
    await s.flush();
    expect(s.changes()).toBe(afterConnect + 4); // an ok request changes no level: it rides on the next evaluation
  });

  it("counts error lines against the docker-logs check, and a lost stream makes both unknown with age", async () => {
    const s = start();
    s.follow.onStatus({ kind: "connected", container: "shop-api-1" });
    for (const l of [
      "Traceback (most recent call last):",
      "<html>garbage</html>",
      "FATAL worker exited",
      "panic: x",
    ])
      s.follow.onLine(null, l);
    expect(s.read()?.get("api-logs")).toMatchObject({
      level: "crit",
      value: 3,
      summary: expect.stringMatching(/panic: x$/),
    });
    s.follow.onStatus({
      kind: "down",
      reason: "the log stream of shop-api-1 ended",
      sinceMs: Date.parse("2026-04-23T13:00:00Z"),
    });
    s.advance(7000);
    for (const id of ["error-rate", "api-logs"]) {
      expect(s.read()?.get(id)).toMatchObject({
        level: "unknown",
        summary:
          "live from logs unknown: log stream of shop-api-1 down for 7 s (the log stream of shop-api-1 ended); reconnecting",
      });
    }
  });
});
