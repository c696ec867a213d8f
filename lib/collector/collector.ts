import "server-only";
import { randomUUID } from "node:crypto";
import { runProbe } from "@/lib/collector/run-probe";
import type { Reading } from "@/lib/model/probe";
import type { Check, Runbook } from "@/lib/model/runbook-schema";
import { metrics } from "@/lib/runtime/metrics";
import { observeCycleForUptime } from "@/lib/uptime/uptime-engine";

export type Cycle = {
  id: string;
  number: number;
  startedAt: Date;
  finishedAt: Date;
  readings: Reading[];
};

export type CollectorOptions = {
  runbook: Runbook;
  onCycle: (cycle: Cycle) => void;
  /** Each probed reading as soon as it settles, before the rest of its cycle (early push of a change). */
  onReading?: (reading: Reading) => void;
  onError?: (err: unknown) => void;
  /** The first cycle's number: a new leader continues where the last one stopped. Default 1. */
  firstCycle?: number;
};

export type Collector = {
  stop: () => void;
  /** Run one cycle now (used by tests and the first cycle at start-up). */
  runCycle: () => Promise<Cycle>;
  /** Read one check now, out of cycle (a Docker event); null for an unknown id or once stopped. */
  runCheck: (checkId: string) => Promise<Reading | null>;
  isRunning: () => boolean;
};

/** A probe's timeout, capped below the interval so cycles never overlap. */
export function effectiveTimeoutMs(check: Check, runbook: Runbook): number {
  const configured = check.timeoutMs ?? runbook.collector.defaultTimeoutMs;
  return Math.max(100, Math.min(configured, runbook.collector.intervalMs - 100));
}

/**
 * Runs every check of the runbook once per interval, concurrently, on a fixed-rate schedule.
 * Probes never throw (runProbe turns failures and hangs into readings), so one bad target cannot
 * delay or stop the cycle; viewers never trigger probes.
 */
export function startCollector({
  runbook,
  onCycle,
  onReading,
  onError,
  firstCycle = 1,
}: CollectorOptions): Collector {
  const states = new Map(runbook.checks.map((c) => [c.id, new Map<string, unknown>()]));
  const intervalMs = runbook.collector.intervalMs;
  let number = firstCycle - 1;
  let timer: NodeJS.Timeout | null = null;
  let running = true;
  let inFlight = false;

  async function runCycle(): Promise<Cycle> {
    const startedAt = new Date();
    number += 1;
    const probe = (check: Check) =>
      runProbe(check, {
        timeoutMs: effectiveTimeoutMs(check, runbook),
        state: states.get(check.id) ?? new Map(),
      });
    // Uptime checks count stored readings, this cycle's included: they are judged after the other probes.
    const settled = (reading: Reading) => {
      try {
        onReading?.(reading);
      } catch (err) {
        onError?.(err);
      }
      return reading;
    };
    const measured = await Promise.all(
      runbook.checks.map((c) => (c.kind === "uptime" ? null : probe(c).then(settled))),
    );
    observeCycleForUptime(
      runbook,
      measured.filter((r): r is Reading => r !== null),
    );
    const readings = await Promise.all(runbook.checks.map((c, i) => measured[i] ?? probe(c)));
    const cycle = { id: randomUUID(), number, startedAt, finishedAt: new Date(), readings };
    metrics().cycleDuration.observe((cycle.finishedAt.getTime() - startedAt.getTime()) / 1000);
    try {
      onCycle(cycle);
    } catch (err) {
      onError?.(err);
    }
    return cycle;
  }

  async function runCheck(checkId: string): Promise<Reading | null> {
    const check = runbook.checks.find((c) => c.id === checkId);
    if (!check || !running) return null;
    return runProbe(check, {
      timeoutMs: effectiveTimeoutMs(check, runbook),
      state: states.get(check.id) ?? new Map(),
    });
  }

  // Fixed rate: each tick is scheduled from the planned start, not from when the last cycle ended.
  let next = Date.now();
  function schedule() {
    if (!running) return;
    next += intervalMs;
    const now = Date.now();
    if (next < now) next = now + intervalMs - ((now - next) % intervalMs);
    timer = setTimeout(tick, next - now);
    timer.unref?.();
  }
  function tick() {
    if (!running) return;
    schedule();
    if (inFlight) return; // cannot happen with capped timeouts; never stack cycles if it does
    inFlight = true;
    runCycle()
      .catch((err) => onError?.(err))
      .finally(() => {
        inFlight = false;
      });
  }
  tick();

  return {
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
    },
    runCycle,
    runCheck,
    isRunning: () => running,
  };
}
