// The one way this code base retries: an exponential backoff schedule, a timer for work that retries in
// the background (snapshot writes, the Docker event stream, followed log streams), and bounded loops for work retried inline
// (a Slack post, the data-directory lock).

/** The first retry waits `initialMs`, each later one twice as long, never more than `maxMs`. */
export type Backoff = { initialMs: number; maxMs: number };

/** The wait before retry `n` (1 = the first retry). A wait the other side asked for (Retry-After) replaces the schedule, not the cap. */
export function backoffDelay(backoff: Backoff, n: number, askedMs: number | null = null): number {
  return Math.min(backoff.maxMs, askedMs ?? backoff.initialMs * 2 ** Math.max(0, n - 1));
}

export type RetryTimer = {
  /** Counts a failure; returns the wait before the next try. */
  failed(): number;
  /** A try succeeded: the next failure waits `initialMs` again. */
  succeeded(): void;
  /** Runs the retry after `ms`; a waiting retry never keeps the process alive. */
  schedule(ms: number): void;
  cancel(): void;
  /** A retry is scheduled and has not started yet. */
  isWaiting(): boolean;
};

/** Background retries of `retry`: failures in a row lengthen the wait until one succeeds. */
export function createRetryTimer(backoff: Backoff, retry: () => void): RetryTimer {
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    failed() {
      failures += 1;
      return backoffDelay(backoff, failures);
    },
    succeeded() {
      failures = 0;
    },
    schedule(ms) {
      cancel();
      timer = setTimeout(() => {
        timer = null;
        retry();
      }, ms);
      timer.unref?.();
    },
    cancel,
    isWaiting: () => timer !== null,
  };
}

export type RetryAttemptsOptions<T> = {
  maxAttempts: number;
  backoff: Backoff;
  /** Aborting stops the loop: no further attempt, and a wait in progress ends at once. */
  signal?: AbortSignal;
  attempt: (n: number) => Promise<T>;
  /** Whether this result is worth another attempt; a number is the wait the other side asked for. */
  shouldRetry: (result: T) => boolean | number;
  /** After every attempt, with the wait before the next one (null: this was the last). */
  onAttempt?: (result: T, n: number, retryInMs: number | null) => void;
};

/** Tries up to `maxAttempts` times, waiting by `backoff` in between; `aborted` when the signal ended a wait. */
export async function retryAttempts<T>(
  opts: RetryAttemptsOptions<T>,
): Promise<{ result: T; aborted: boolean }> {
  for (let n = 1; ; n++) {
    const result = await opts.attempt(n);
    const wanted = opts.shouldRetry(result);
    const retry = wanted !== false && n < opts.maxAttempts && !opts.signal?.aborted;
    const delay = retry ? backoffDelay(opts.backoff, n, typeof wanted === "number" ? wanted : null) : null;
    opts.onAttempt?.(result, n, delay);
    if (delay === null) return { result, aborted: false };
    await sleep(delay, opts.signal);
    if (opts.signal?.aborted) return { result, aborted: true };
  }
}

/** Attempts that must not wait (a race on the file system): up to `maxAttempts` at once until one returns a value. */
export function retryNow<T>(maxAttempts: number, attempt: (n: number) => T | undefined): T | undefined {
  for (let n = 1; n <= maxAttempts; n++) {
    const result = attempt(n);
    if (result !== undefined) return result;
  }
  return undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
