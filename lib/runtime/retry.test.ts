import { afterEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, createRetryTimer, retryAttempts, retryNow } from "@/lib/runtime/retry";

afterEach(() => {
  vi.useRealTimers();
});

describe("backoffDelay", () => {
  it.each([
    { backoff: { initialMs: 250, maxMs: 5000 }, n: 1, asked: null, want: 250 },
    { backoff: { initialMs: 250, maxMs: 5000 }, n: 2, asked: null, want: 500 },
    { backoff: { initialMs: 500, maxMs: 15_000 }, n: 5, asked: null, want: 8000 },
    { backoff: { initialMs: 500, maxMs: 15_000 }, n: 6, asked: null, want: 15_000 },
    { backoff: { initialMs: 1000, maxMs: 30_000 }, n: 1, asked: 7000, want: 7000 },
    { backoff: { initialMs: 1000, maxMs: 30_000 }, n: 1, asked: 90_000, want: 30_000 },
    { backoff: { initialMs: 1000, maxMs: 30_000 }, n: 3, asked: 0, want: 0 },
    { backoff: { initialMs: 250, maxMs: 5000 }, n: 0, asked: null, want: 250 },
  ])(
    "retry $n of $backoff.initialMs…$backoff.maxMs ms (asked $asked) waits $want ms",
    ({ backoff, n, asked, want }) => {
      expect(backoffDelay(backoff, n, asked)).toBe(want);
    },
  );

  it("doubles up to the cap (the Docker event stream's schedule)", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffDelay({ initialMs: 250, maxMs: 5000 }, n + 1))).toEqual([
      250, 500, 1000, 2000, 4000, 5000, 5000,
    ]);
  });
});

describe("createRetryTimer", () => {
  it("lengthens the wait per failure in a row, starts over after a success, and can be cancelled", () => {
    vi.useFakeTimers();
    const retry = vi.fn();
    const timer = createRetryTimer({ initialMs: 100, maxMs: 300 }, retry);
    expect([timer.failed(), timer.failed(), timer.failed()]).toEqual([100, 200, 300]);
    timer.succeeded();
    const wait = timer.failed();
    expect(wait).toBe(100);
    timer.schedule(wait);
    expect(timer.isWaiting()).toBe(true);
    vi.advanceTimersByTime(99);
    expect(retry).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(retry).toHaveBeenCalledTimes(1);
    expect(timer.isWaiting()).toBe(false);
    timer.schedule(50);
    timer.cancel();
    vi.advanceTimersByTime(1000);
    expect(retry).toHaveBeenCalledTimes(1);
  });
});

describe("retryAttempts", () => {
  const backoff = { initialMs: 10, maxMs: 25 };

  it("retries what asks for it, with the schedule or the asked wait, up to maxAttempts", async () => {
    const answers: Array<boolean | number> = [true, 5, true, true];
    const seen: Array<[number, number | null]> = [];
    const out = await retryAttempts({
      maxAttempts: 4,
      backoff,
      attempt: async (n) => n,
      shouldRetry: (n) => answers[n - 1] ?? false,
      onAttempt: (_r, n, delay) => seen.push([n, delay]),
    });
    expect(seen).toEqual([
      [1, 10],
      [2, 5],
      [3, 25],
      [4, null],
    ]);
    expect(out).toEqual({ result: 4, aborted: false });
  });

  it("stops at a result not worth retrying", async () => {
    const attempt = vi.fn(async () => "refused");
    const out = await retryAttempts({ maxAttempts: 4, backoff, attempt, shouldRetry: () => false });
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(out).toEqual({ result: "refused", aborted: false });
  });

  it("an abort ends the wait at once and makes no further attempt", async () => {
    const stop = new AbortController();
    const attempt = vi.fn(async () => "busy");
    const started = performance.now();
    const out = await retryAttempts({
      maxAttempts: 4,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
      signal: stop.signal,
      attempt,
      shouldRetry: () => true,
      onAttempt: () => setTimeout(() => stop.abort(), 5),
    });
    expect(out).toEqual({ result: "busy", aborted: true });
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe("retryNow", () => {
  it("returns the first value within maxAttempts, undefined when none came", () => {
    expect(retryNow(5, (n) => (n === 3 ? "third" : undefined))).toBe("third");
    const attempt = vi.fn(() => undefined);
    expect(retryNow(5, attempt)).toBeUndefined();
    expect(attempt).toHaveBeenCalledTimes(5);
  });
});
