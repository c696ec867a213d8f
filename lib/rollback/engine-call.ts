/** A Docker Engine API call that did not answer in time (the request is cancelled). */
export class EngineTimeoutError extends Error {
  override name = "EngineTimeoutError";
}

/**
 * One bounded engine call: `call` gets a signal that aborts after `ms` (dockerode cancels the request
 * with it), and the promise settles by then even if the client ignores the signal. `outer` (the step's
 * deadline) cancels it too.
 */
export function engineCall<T>(
  what: string,
  ms: number,
  call: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
): Promise<T> {
  const timer = new AbortController();
  const signal = outer ? AbortSignal.any([timer.signal, outer]) : timer.signal;
  return new Promise<T>((resolve, reject) => {
    const fail = () =>
      reject(
        outer?.aborted
          ? new EngineTimeoutError(`${what}: cancelled (${String(outer.reason ?? "step deadline")})`)
          : new EngineTimeoutError(`${what}: no answer from the Docker engine within ${ms / 1000} s`),
      );
    const t = setTimeout(() => {
      timer.abort();
      fail();
    }, ms);
    t.unref?.();
    if (outer?.aborted) {
      clearTimeout(t);
      fail();
      return;
    }
    outer?.addEventListener("abort", fail, { once: true });
    call(signal).then(
      (value) => {
        clearTimeout(t);
        outer?.removeEventListener("abort", fail);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(t);
        outer?.removeEventListener("abort", fail);
        reject(err);
      },
    );
  });
}
