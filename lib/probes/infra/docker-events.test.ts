import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type EngineStatus, watchDockerEvents } from "@/lib/probes/infra/docker-events";
import { parseContainerEvent, splitLines } from "@/lib/probes/infra/docker-events-parse";

const line = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    status: "die",
    id: "abc123",
    Type: "container",
    Action: "die",
    Actor: {
      ID: "abc123def456",
      Attributes: {
        name: "buywhere-api-api-1",
        exitCode: "137",
        "com.docker.compose.project": "buywhere-api",
        "com.docker.compose.service": "api",
      },
    },
    time: 1764615000,
    timeNano: 1764615000123 * 1e6 + 456_789, // nanoseconds: beyond 2^53, as the engine sends it
    ...over,
  });

describe("parseContainerEvent", () => {
  it("reads name, labels, exit code and the engine's nanosecond time", () => {
    const e = parseContainerEvent(line());
    expect(e).toMatchObject({
      action: "die",
      health: null,
      id: "abc123def456",
      name: "buywhere-api-api-1",
      project: "buywhere-api",
      service: "api",
      exitCode: "137",
    });
    expect(e?.engineTimeMs).toBeCloseTo(1764615000123.4568, 1);
  });

  it("splits the health status out of the action", () => {
    expect(parseContainerEvent(line({ Action: "health_status: unhealthy" }))).toMatchObject({
      action: "health_status",
      health: "unhealthy",
    });
  });

  it("ignores other types and garbage", () => {
    expect(parseContainerEvent(line({ Type: "network" }))).toBeNull();
    expect(parseContainerEvent("{not json")).toBeNull();
    expect(parseContainerEvent("42")).toBeNull();
  });
});

describe("splitLines", () => {
  it("keeps a partial line for the next chunk", () => {
    const a = splitLines("", '{"a":1}\n{"b":');
    expect(a).toEqual({ lines: ['{"a":1}'], rest: '{"b":' });
    expect(splitLines(a.rest, "2}\n")).toEqual({ lines: ['{"b":2}'], rest: "" });
  });
});

describe("watchDockerEvents", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** An engine the test controls: each getEvents call takes the next scripted answer. */
  function scriptedEngine(answers: Array<() => Promise<PassThrough>>) {
    let calls = 0;
    const docker = {
      getEvents: vi.fn(async () => {
        const next = answers[Math.min(calls, answers.length - 1)];
        calls += 1;
        if (!next) throw new Error("no answer scripted");
        return next();
      }),
    } as unknown as Docker;
    return { docker, calls: () => calls };
  }
  const refused = () => Promise.reject(Object.assign(new Error("connect ENOENT"), { code: "ENOENT" }));

  it("delivers events split across chunks, reports down once per outage, reconnects with backoff", async () => {
    vi.useFakeTimers();
    const first = new PassThrough();
    const second = new PassThrough();
    const engine = scriptedEngine([async () => first, refused, refused, refused, async () => second]);
    const statuses: EngineStatus[] = [];
    const actions: string[] = [];
    const watch = watchDockerEvents({
      socketPath: "/tmp/x.sock",
      docker: engine.docker,
      onEvent: (e) => actions.push(e.action),
      onStatus: (s) => statuses.push(s),
      initialBackoffMs: 100,
      maxBackoffMs: 1000,
    });
    await vi.advanceTimersByTimeAsync(0);
    const full = line();
    first.write(`${full.slice(0, 20)}`);
    first.write(`${full.slice(20)}\n${line({ Action: "start" })}\n`);
    await vi.advanceTimersByTimeAsync(0);
    expect(actions).toEqual(["die", "start"]);

    first.destroy(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual([
      { kind: "connected" },
      { kind: "down", reason: "no Docker engine reachable at unix:///tmp/x.sock (ECONNRESET)" },
    ]);
    // Retries at 100, +200, +400 ms: three refusals, no further reports.
    await vi.advanceTimersByTimeAsync(100);
    expect(engine.calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(engine.calls()).toBe(3);
    await vi.advanceTimersByTimeAsync(400);
    expect(engine.calls()).toBe(4);
    expect(statuses).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(800);
    expect(engine.calls()).toBe(5);
    expect(statuses.at(-1)).toEqual({ kind: "connected" });
    second.write(`${line({ Action: "health_status: unhealthy" })}\n`);
    await vi.advanceTimersByTimeAsync(0);
    expect(actions).toEqual(["die", "start", "health_status"]);

    watch.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(engine.calls()).toBe(5); // stopped: no more reconnects
  });

  it("a listener that throws does not stop the watch", async () => {
    vi.useFakeTimers();
    const stream = new PassThrough();
    const engine = scriptedEngine([async () => stream]);
    let seen = 0;
    const watch = watchDockerEvents({
      socketPath: "/tmp/x.sock",
      docker: engine.docker,
      onEvent: () => {
        seen += 1;
        throw new Error("listener bug");
      },
      onStatus: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    stream.write(`${line()}\n${line()}\n`);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toBe(2);
    expect(watch.status()).toEqual({ kind: "connected" });
    watch.stop();
  });
});
