import { describe, expect, it } from "vitest";
import type { CheckState } from "@/lib/model/board";
import { DEFAULT_LOG_PATTERNS } from "@/lib/model/docker-check-schemas";
import { DEFAULT_ACCESS_LINE } from "@/lib/model/log-push-schema";
import { liveErrorLines, liveErrorRate, type StreamState, withLive } from "@/lib/rules/live-reading";
import { classifyLine, compileLogRules, createLineWindow, splitStamp } from "@/lib/rules/log-lines";

const rules = compileLogRules({
  accessLine: DEFAULT_ACCESS_LINE,
  failStatus: 500,
  patterns: DEFAULT_LOG_PATTERNS,
});
const T = Date.parse("2026-04-23T13:00:00Z");
const up: StreamState[] = [{ container: "buywhere-api-api-1", down: null, lastLineMs: T }];
const thresholds = { direction: "above" as const, warn: 0.5, crit: 1 };

describe("classifying log lines", () => {
  it("reads the status of uvicorn, nginx and the simulated API's access lines", () => {
    const lines = [
      'INFO:     127.0.0.1:39712 - "GET /health HTTP/1.1" 200 OK',
      '127.0.0.1 - - [23/Apr/2026:13:00:00 +0000] "POST /v1/x HTTP/2.0" 503 12 "-" "curl"',
      '2026-04-23T13:00:00.000Z INFO [api] 127.0.0.1:5 - "GET /v1/search?q=a HTTP/1.1" 500 Internal Server Error 3ms',
    ];
    expect(lines.map((l) => classifyLine(l, rules))).toEqual([
      { kind: "request", status: 200, failed: false },
      { kind: "request", status: 503, failed: true },
      { kind: "request", status: 500, failed: true },
    ]);
  });

  it("counts other lines matching an error pattern as error lines, and ignores HTML and garbage", () => {
    expect(classifyLine("Traceback (most recent call last):", rules).kind).toBe("error-line");
    expect(classifyLine('<html><body><a href="x">error_rate 0</a></body></html>', rules).kind).toBe("other");
    expect(classifyLine("\u0000\u00ff\ufffd binary \u001b[31m", rules).kind).toBe("other");
    expect(classifyLine(`${"<div>".repeat(100_000)}"GET / HTTP/1.1" 500`, rules).kind).toBe("other");
  });

  it("splits the engine's timestamp off a line, to the millisecond", () => {
    expect(splitStamp("2026-04-23T13:00:00.123456789Z hello world")).toEqual({
      atMs: T + 123.456789,
      message: "hello world",
    });
    expect(splitStamp("no stamp")).toEqual({ atMs: null, message: "no stamp" });
  });
});

describe("the line window", () => {
  it("counts requests, failures and error lines over the window and forgets older ones", () => {
    const w = createLineWindow(10_000);
    w.add({ kind: "request", status: 200, failed: false }, T);
    w.add({ kind: "request", status: 500, failed: true }, T + 2000);
    w.add({ kind: "request", status: 502, failed: true }, T + 2500);
    w.add({ kind: "error-line" }, T + 3000);
    expect(w.counts(T + 3000)).toEqual({ requests: 3, failures: 2, errorLines: 1, firstFailureMs: T + 2000 });
    expect(w.counts(T + 11_000)).toMatchObject({ requests: 2, failures: 2 });
    expect(w.counts(T + 14_000)).toEqual({ requests: 0, failures: 0, errorLines: 0, firstFailureMs: null });
    w.add({ kind: "request", status: 200, failed: false }, T - 60_000); // too old for the window
    expect(w.counts(T + 3000).requests).toBe(3);
  });
});

const counts = (requests: number, failures: number) => ({
  requests,
  failures,
  errorLines: 0,
  firstFailureMs: failures ? T : null,
});
const rate = (requests: number, failures: number, streams = up) =>
  liveErrorRate({
    checkId: "error-rate",
    nowMs: T + 1000,
    streams,
    counts: counts(requests, failures),
    windowSec: 10,
    minRequests: 10,
    failStatus: 500,
    thresholds,
    lastFailure: failures ? '"GET /x HTTP/1.1" 500' : null,
    lastErrorLine: null,
  });

describe("the live error rate", () => {
  it("judges failing over logged requests by the tile's thresholds, naming the numbers", () => {
    expect(rate(1000, 0)).toMatchObject({ level: "ok", value: 0 });
    expect(rate(1000, 6)).toMatchObject({ level: "warn", value: 0.6 });
    const crit = rate(400, 40);
    expect(crit).toMatchObject({ level: "crit", value: 10, firstFailureAt: new Date(T).toISOString() });
    expect(crit.summary).toMatch(
      /^live from logs: 10% 5xx \(40 of 400 requests in the last 10 s\): "GET \/x/,
    );
  });

  it("does not judge a handful of requests", () => {
    const r = rate(3, 2);
    expect(r.level).toBe("unknown");
    expect(r.summary).toMatch(/2 of 3 requests 5xx .* too few to judge/);
  });

  it("is unknown with the age and reason while a stream is down", () => {
    const r = rate(400, 40, [
      { container: "api", down: { sinceMs: T - 11_000, reason: "api is exited" }, lastLineMs: null },
    ]);
    expect(r.level).toBe("unknown");
    expect(r.summary).toBe(
      "live from logs unknown: log stream of api down for 12 s (api is exited); reconnecting",
    );
    expect(r.down).toEqual({ sinceMs: T - 11_000, reason: "api is exited" });
  });

  it("counts error lines by the docker-logs check's own counts, over the time the stream covers", () => {
    const lines = (count: number) =>
      liveErrorLines({
        checkId: "api-log-errors",
        nowMs: T,
        streams: up,
        count,
        sinceSec: 300,
        warnCount: 1,
        critCount: 10,
        coveredSinceMs: T - 60_000,
        lastErrorLine: "Traceback",
      });
    expect(lines(0).level).toBe("ok");
    expect(lines(1).level).toBe("warn");
    expect(lines(10)).toMatchObject({
      level: "crit",
      summary: "live from logs: 10 error lines since the stream opened 1 min 0 s ago: Traceback",
    });
  });
});

const tile = (level: CheckState["level"], stale = false): CheckState => ({
  id: "error-rate",
  label: "5xx error rate",
  kind: "prometheus",
  owner: null,
  source: null,
  level,
  value: 0.1,
  unit: "%",
  summary: "0.1% 5xx over 60 s",
  conditions: [],
  evidence: {},
  collectedAt: new Date(T).toISOString(),
  durationMs: 5,
  thresholds,
  gauge: null,
  stale: stale ? { ageMs: 99_000, reason: "stale" } : null,
  staleAfterMs: 13_000,
});

describe("a tile with its live reading", () => {
  it("is raised by a worse live level, saying so, and keeps the polled value", () => {
    const t = withLive(tile("ok"), rate(400, 40));
    expect(t).toMatchObject({ level: "crit", value: 0.1, live: { raised: true, polledLevel: "ok" } });
    expect(t.summary).toMatch(/^live from logs: 10% 5xx .* · polled: 0.1% 5xx over 60 s$/);
    expect(t.conditions[0]).toMatchObject({ ok: false, level: "crit" });
  });

  it("is never lowered, nor raised by an unknown live reading or on a stale reading", () => {
    expect(withLive(tile("crit"), rate(1000, 0))).toMatchObject({
      level: "crit",
      live: { raised: false, level: "ok" },
    });
    expect(withLive(tile("ok"), rate(3, 3))).toMatchObject({ level: "ok", live: { raised: false } });
    expect(withLive(tile("unknown", true), rate(400, 40))).toMatchObject({
      level: "unknown",
      live: { raised: false },
    });
    expect(withLive(tile("warn"), rate(1000, 6))).toMatchObject({
      level: "warn",
      summary: "0.1% 5xx over 60 s",
    });
  });
});
