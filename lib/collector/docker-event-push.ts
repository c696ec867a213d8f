import "server-only";
import type { Reading } from "@/lib/model/probe";
import type { CheckOf, Runbook } from "@/lib/model/runbook-schema";
import {
  type ContainerEvent,
  type EngineStatus,
  type EventWatch,
  type WatchOptions,
  watchDockerEvents,
} from "@/lib/probes/infra/docker-events";
import { log as logger } from "@/lib/runtime/log";

type ContainerCheck = CheckOf<"docker-container">;

/** Why a check was read out of cycle: an engine event about its container, or the engine going/coming. */
export type PushCause =
  | { kind: "event"; socketPath: string; event: ContainerEvent }
  | { kind: "engine"; socketPath: string; status: EngineStatus };

/** Does this engine event concern the container the check reads (by name, id, or compose labels)? */
export function matchesEvent(check: ContainerCheck, event: ContainerEvent): boolean {
  if (check.container !== undefined) {
    const wanted = check.container.replace(/^\//, "");
    return event.name === wanted || (wanted.length >= 12 && event.id.startsWith(wanted));
  }
  return event.project === check.project && event.service === check.service;
}

/** docker-container checks grouped by engine socket: one event stream per socket. */
export function containerChecksBySocket(runbook: Runbook): Map<string, ContainerCheck[]> {
  const bySocket = new Map<string, ContainerCheck[]>();
  for (const check of runbook.checks) {
    if (check.kind !== "docker-container") continue;
    const list = bySocket.get(check.socketPath) ?? [];
    list.push(check);
    bySocket.set(check.socketPath, list);
  }
  return bySocket;
}

export type Coalescer = {
  request: (key: string) => void;
  /** Resolves once nothing is scheduled or running (tests, shutdown). */
  idle: () => Promise<void>;
  stop: () => void;
};

/** Reads of one check allowed in flight at once; more requests wait for one of them to finish. */
const MAX_IN_FLIGHT = 2;

/**
 * Requests within `windowMs` of the first make one run (kill → die → stop arrive within milliseconds).
 * A request while a run is in flight starts another run after the window without waiting for it: the
 * engine may still have been answering "running" to the first, and the hub keeps the newest observation
 * (by start time), so the later run wins. At most MAX_IN_FLIGHT runs per key; beyond that, one more
 * follows when a run finishes, so the last event is always followed by a fresh reading.
 */
export function createCoalescer(run: (key: string) => Promise<unknown>, windowMs: number): Coalescer {
  const scheduled = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Set<Promise<void>>>();
  const again = new Set<string>();
  let stopped = false;

  function request(key: string) {
    if (stopped || scheduled.has(key)) return;
    if ((running.get(key)?.size ?? 0) >= MAX_IN_FLIGHT) {
      again.add(key);
      return;
    }
    const timer = setTimeout(() => fire(key), windowMs);
    timer.unref?.();
    scheduled.set(key, timer);
  }

  function fire(key: string) {
    scheduled.delete(key);
    const set = running.get(key) ?? new Set<Promise<void>>();
    running.set(key, set);
    const done: Promise<void> = Promise.resolve()
      .then(() => run(key))
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        set.delete(done);
        if (set.size === 0) running.delete(key);
        if (again.delete(key)) request(key);
      });
    set.add(done);
  }

  return {
    request,
    async idle() {
      while (scheduled.size > 0 || running.size > 0) {
        const all = [...running.values()].flatMap((set) => [...set]);
        await Promise.all([...all, new Promise((r) => setTimeout(r, windowMs + 1))]);
      }
    },
    stop() {
      stopped = true;
      for (const timer of scheduled.values()) clearTimeout(timer);
      scheduled.clear();
      again.clear();
    },
  };
}

export type EventPushOptions = {
  runbook: Runbook;
  /** Reads one check now (Collector.runCheck): same probe, state and timeout as in a cycle. */
  runCheck: (checkId: string) => Promise<Reading | null>;
  onReading: (reading: Reading, cause: PushCause) => void;
  log?: (message: string) => void;
  /** Burst window; 15 ms keeps event → screen far under the 300 ms target. */
  windowMs?: number;
  watch?: (options: WatchOptions) => EventWatch;
};

export type EventPush = { stop: () => void; idle: () => Promise<void>; sockets: () => string[] };

/**
 * Push, not only the interval: follows each engine's container events and re-reads the matching
 * docker-container checks at once. When an engine goes away (or comes back) every check on it is re-read,
 * so its tiles say "no Docker engine reachable" now instead of at the next cycle. Null without such checks.
 */
export function startDockerEventPush(options: EventPushOptions): EventPush | null {
  const bySocket = containerChecksBySocket(options.runbook);
  if (bySocket.size === 0) return null;
  const log = options.log ?? ((m: string) => logger().info({ event: "docker-events" }, m));
  const watch = options.watch ?? watchDockerEvents;
  const causes = new Map<string, PushCause>();

  const coalescer = createCoalescer(async (checkId) => {
    const cause = causes.get(checkId);
    causes.delete(checkId);
    const reading = await options.runCheck(checkId);
    if (reading && cause) options.onReading(reading, cause);
  }, options.windowMs ?? 15);

  const rerun = (checkId: string, cause: PushCause) => {
    causes.set(checkId, cause);
    coalescer.request(checkId);
  };

  const watches = [...bySocket].map(([socketPath, checks]) => {
    let seenDown = false;
    return watch({
      socketPath,
      onEvent: (event) => {
        for (const check of checks) {
          if (matchesEvent(check, event)) rerun(check.id, { kind: "event", socketPath, event });
        }
      },
      onStatus: (status) => {
        if (status.kind === "down") {
          seenDown = true;
          log(`warroom: Docker events: ${status.reason}; retrying with backoff`);
        } else if (seenDown) {
          log(`warroom: Docker events: engine at unix://${socketPath} is back`);
        }
        // Down: the tiles must say so now. Back: events during the outage were missed, so read again.
        if (status.kind === "down" || seenDown) {
          for (const check of checks) rerun(check.id, { kind: "engine", socketPath, status });
        }
      },
    });
  });

  return {
    stop() {
      for (const w of watches) w.stop();
      coalescer.stop();
    },
    idle: () => coalescer.idle(),
    sockets: () => [...bySocket.keys()],
  };
}

/** One line for the event log: what the engine said that made the reading. */
export function describeCause(cause: PushCause): string {
  if (cause.kind === "engine") {
    return cause.status.kind === "down"
      ? `engine went away: ${cause.status.reason}`
      : `engine at unix://${cause.socketPath} is back`;
  }
  const e = cause.event;
  const detail = e.health ? `: ${e.health}` : e.exitCode !== null ? ` (exit ${e.exitCode})` : "";
  return `engine event ${e.action}${detail} for ${e.name ?? e.id.slice(0, 12)}`;
}
