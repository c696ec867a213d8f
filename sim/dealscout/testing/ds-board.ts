import { runProbe } from "@/lib/collector/run-probe";
import type { Reading } from "@/lib/model/probe";
import type { Runbook } from "@/lib/model/runbook-schema";

export type Readings = Map<string, Reading>;
type Waiter = {
  what: string;
  done: (r: Readings) => boolean;
  timeoutMs: number;
  deadline: number;
  /** Only cycles that start after the waiter was registered count: a reading taken before proves nothing. */
  afterCycle: number;
  resolve: (r: Readings) => void;
  reject: (err: Error) => void;
};

/** What a test may wait for on Deal Scout's board, and for how long at most. */
export const DEFAULT_WAIT_MS = 90_000;

/**
 * The board's readings of a runbook, as the collector takes them: one cycle of every check at a time, each
 * probe with its own state between cycles. Any number of tests wait on conditions of the same cycles, so
 * scenarios running side by side share the probes (and the probes' state stays one sequence).
 */
export class DsBoard {
  private readonly states = new Map<string, Map<string, unknown>>();
  private readonly waiters = new Set<Waiter>();
  /** Set and cleared synchronously, so a waiter added as the last one resolves still finds a loop. */
  private looping = false;
  private started = 0;
  latest: Readings = new Map();

  constructor(
    readonly runbook: Runbook,
    private readonly opts: { timeoutMs: number; pauseMs: number } = { timeoutMs: 8000, pauseMs: 300 },
  ) {}

  /** Resolves with the first cycle (started after this call) whose readings satisfy `done`. */
  until(what: string, done: (r: Readings) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<Readings> {
    return new Promise((resolve, reject) => {
      this.waiters.add({
        what,
        done,
        timeoutMs,
        deadline: performance.now() + timeoutMs,
        afterCycle: this.started,
        resolve,
        reject,
      });
      if (!this.looping) {
        this.looping = true;
        void this.loop();
      }
    });
  }

  private async loop(): Promise<void> {
    // The flag is cleared in this frame, before the continuation of a waiter just resolved can run.
    try {
      while (this.waiters.size > 0) {
        const cycle = ++this.started;
        const readings = await this.cycle();
        this.latest = readings;
        const now = performance.now();
        for (const w of this.waiters) {
          if (w.afterCycle >= cycle) continue;
          if (safely(w.done, readings)) {
            this.waiters.delete(w);
            w.resolve(readings);
          } else if (now > w.deadline) {
            this.waiters.delete(w);
            w.reject(
              new Error(
                `${w.what}: not met within ${w.timeoutMs} ms; last readings:\n${showReadings(readings)}`,
              ),
            );
          }
        }
        if (this.waiters.size > 0) await new Promise((r) => setTimeout(r, this.opts.pauseMs));
      }
    } finally {
      this.looping = false;
    }
  }

  private async cycle(): Promise<Readings> {
    const readings = await Promise.all(
      this.runbook.checks.map((check) => {
        const state = this.states.get(check.id) ?? new Map<string, unknown>();
        this.states.set(check.id, state);
        return runProbe(check, { timeoutMs: this.opts.timeoutMs, state });
      }),
    );
    return new Map(readings.map((r) => [r.checkId, r]));
  }
}

function safely(done: (r: Readings) => boolean, readings: Readings): boolean {
  try {
    return done(readings);
  } catch {
    return false;
  }
}

export function showReadings(readings: Readings, ids?: readonly string[]): string {
  const shown = ids ? ids.map((id) => readings.get(id)).filter((r) => r !== undefined) : readings.values();
  return [...shown].map((r) => `  ${r.checkId}: ${r.level} ${r.summary}`).join("\n");
}
