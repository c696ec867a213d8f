import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createCoalescer,
  describeCause,
  matchesEvent,
  type PushCause,
  startDockerEventPush,
} from "@/lib/collector/docker-event-push";
import type { Reading } from "@/lib/model/probe";
import type { CheckOf } from "@/lib/model/runbook-schema";
import type { ContainerEvent, WatchOptions } from "@/lib/probes/infra/docker-events";
import { parseRunbook } from "@/lib/runbook/load-runbook";

const runbook = parseRunbook(
  {
    id: "t",
    name: "T",
    system: "S",
    launch: { local: "2026-04-23T09:00", timeZone: "UTC" },
    checks: [
      { id: "by-name", kind: "docker-container", label: "a", container: "warroom-h2-a" },
      {
        id: "by-labels",
        kind: "docker-container",
        label: "b",
        project: "shop",
        service: "api",
      },
      {
        id: "other-socket",
        kind: "docker-container",
        label: "c",
        container: "warroom-h2-a",
        socketPath: "/tmp/other.sock",
      },
      { id: "logs", kind: "docker-logs", label: "logs", container: "warroom-h2-a" },
    ],
  },
  "test",
);
const check = (id: string) => runbook.checks.find((c) => c.id === id) as CheckOf<"docker-container">;

const event = (over: Partial<ContainerEvent> = {}): ContainerEvent => ({
  action: "die",
  health: null,
  id: "0123456789abcdef0123",
  name: "warroom-h2-a",
  project: null,
  service: null,
  exitCode: "137",
  engineTimeMs: Date.now(),
  ...over,
});

describe("matchesEvent", () => {
  it("by container name, with or without the leading slash", () => {
    expect(matchesEvent(check("by-name"), event())).toBe(true);
    expect(matchesEvent({ ...check("by-name"), container: "/warroom-h2-a" }, event())).toBe(true);
    expect(matchesEvent(check("by-name"), event({ name: "warroom-h2-ab" }))).toBe(false);
  });

  it("by id prefix of at least 12 characters only", () => {
    expect(matchesEvent({ ...check("by-name"), container: "0123456789ab" }, event({ name: "x" }))).toBe(true);
    expect(matchesEvent({ ...check("by-name"), container: "0123" }, event({ name: "x" }))).toBe(false);
  });

  it("by compose project and service, both required", () => {
    const c = check("by-labels");
    expect(matchesEvent(c, event({ name: "shop-api-1", project: "shop", service: "api" }))).toBe(true);
    expect(matchesEvent(c, event({ name: "shop-api-1", project: "shop", service: "db" }))).toBe(false);
    expect(matchesEvent(c, event({ name: "x", project: "other", service: "api" }))).toBe(false);
    expect(matchesEvent(c, event({ name: "x" }))).toBe(false);
  });
});

describe("createCoalescer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a burst within the window makes one run", async () => {
    vi.useFakeTimers();
    const runs: string[] = [];
    const c = createCoalescer(async (k) => {
      runs.push(k);
    }, 15);
    c.request("a");
    c.request("a");
    c.request("a");
    c.request("b");
    await vi.advanceTimersByTimeAsync(16);
    expect(runs).toEqual(["a", "b"]);
  });

  it("a request while a run is in flight starts another after the window; at most 2 at once, then one more", async () => {
    vi.useFakeTimers();
    let started = 0;
    const releases: Array<() => void> = [];
    const c = createCoalescer(async () => {
      started += 1;
      await new Promise<void>((r) => {
        releases.push(r);
      });
    }, 10);
    c.request("a");
    await vi.advanceTimersByTimeAsync(11);
    expect(started).toBe(1);
    c.request("a"); // e.g. die while the read for kill is still waiting on the engine
    await vi.advanceTimersByTimeAsync(11);
    expect(started).toBe(2); // did not wait for the first
    c.request("a");
    c.request("a");
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toBe(2); // capped at two in flight
    releases.shift()?.();
    await vi.advanceTimersByTimeAsync(11);
    expect(started).toBe(3); // the waiting request runs once a slot frees
    for (const r of releases.splice(0)) r();
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toBe(3);
    await c.idle();
  });

  it("a failing run does not stop later ones; stop cancels what is scheduled", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const c = createCoalescer(async () => {
      calls += 1;
      throw new Error("boom");
    }, 5);
    c.request("a");
    await vi.advanceTimersByTimeAsync(6);
    c.request("a");
    await vi.advanceTimersByTimeAsync(6);
    expect(calls).toBe(2);
    c.request("a");
    c.stop();
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toBe(2);
  });
});

/** A fake engine: the test drives events and status by hand. */
function fakeWatch() {
  const watches = new Map<string, WatchOptions>();
  return {
    watches,
    watch: (options: WatchOptions) => {
      watches.set(options.socketPath, options);
      return { stop: () => watches.delete(options.socketPath), status: () => null };
    },
  };
}

function reading(checkId: string): Reading {
  return {
    checkId,
    level: "crit",
    value: "exited",
    unit: null,
    summary: `${checkId} exited`,
    conditions: [],
    evidence: {},
    collectedAt: new Date().toISOString(),
    durationMs: 1,
  };
}

describe("startDockerEventPush", () => {
  it("is null without docker-container checks", () => {
    const none = parseRunbook(
      {
        id: "t",
        name: "T",
        system: "S",
        launch: { local: "2026-04-23T09:00", timeZone: "UTC" },
        checks: [{ id: "logs", kind: "docker-logs", label: "logs", container: "warroom-h2-a" }],
      },
      "test",
    );
    expect(
      startDockerEventPush({ runbook: none, runCheck: async () => null, onReading: () => {} }),
    ).toBeNull();
  });

  it("re-reads only the matching checks of the event's engine, once per burst", async () => {
    const fake = fakeWatch();
    const ran: string[] = [];
    const got: Array<{ id: string; cause: PushCause }> = [];
    const push = startDockerEventPush({
      runbook,
      runCheck: async (id) => {
        ran.push(id);
        return reading(id);
      },
      onReading: (r, cause) => got.push({ id: r.checkId, cause }),
      watch: fake.watch,
      windowMs: 5,
      log: () => {},
    });
    expect(push?.sockets().sort()).toEqual(["/tmp/other.sock", "/var/run/docker.sock"]);
    const main = fake.watches.get("/var/run/docker.sock");
    main?.onEvent(event({ action: "kill" }));
    main?.onEvent(event({ action: "die" }));
    main?.onEvent(event({ action: "stop" }));
    main?.onEvent(event({ name: "unrelated" }));
    await push?.idle();
    expect(ran).toEqual(["by-name"]); // not the other socket's check, not docker-logs
    expect(got).toHaveLength(1);
    const cause = got[0]?.cause;
    expect(cause?.kind === "event" && cause.event.action).toBe("stop"); // the latest cause is reported
    push?.stop();
  });

  it("engine down → every check on it re-read at once; back → re-read again; first connect → nothing", async () => {
    const fake = fakeWatch();
    const ran: string[] = [];
    const logs: string[] = [];
    const push = startDockerEventPush({
      runbook,
      runCheck: async (id) => {
        ran.push(id);
        return reading(id);
      },
      onReading: () => {},
      watch: fake.watch,
      windowMs: 1,
      log: (m) => logs.push(m),
    });
    const main = fake.watches.get("/var/run/docker.sock");
    main?.onStatus({ kind: "connected" });
    await push?.idle();
    expect(ran).toEqual([]);
    main?.onStatus({
      kind: "down",
      reason: "no Docker engine reachable at unix:///var/run/docker.sock (ENOENT)",
    });
    await push?.idle();
    expect(ran.sort()).toEqual(["by-labels", "by-name"]);
    main?.onStatus({ kind: "connected" });
    await push?.idle();
    expect(ran).toHaveLength(4);
    expect(logs).toEqual([
      "warroom: Docker events: no Docker engine reachable at unix:///var/run/docker.sock (ENOENT); retrying with backoff",
      "warroom: Docker events: engine at unix:///var/run/docker.sock is back",
    ]);
    push?.stop();
  });
});

describe("describeCause", () => {
  it("says what the engine said", () => {
    const socketPath = "/var/run/docker.sock";
    expect(describeCause({ kind: "event", socketPath, event: event() })).toBe(
      "engine event die (exit 137) for warroom-h2-a",
    );
    expect(
      describeCause({
        kind: "event",
        socketPath,
        event: event({ action: "health_status", health: "unhealthy", exitCode: null }),
      }),
    ).toBe("engine event health_status: unhealthy for warroom-h2-a");
  });
});
