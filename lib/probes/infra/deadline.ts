import "server-only";

export type Raced<T> = { kind: "value"; value: T } | { kind: "error"; error: unknown } | { kind: "aborted" };

/**
 * Settle with the work's outcome, or as soon as `signal` aborts. The work is not cancelled here: the
 * caller closes what it opened (`onAbort`); a late rejection of the abandoned work is swallowed.
 */
export function raceSignal<T>(
  signal: AbortSignal,
  work: Promise<T>,
  onAbort?: () => void,
): Promise<Raced<T>> {
  const settled = work.then(
    (value): Raced<T> => ({ kind: "value", value }),
    (error: unknown): Raced<T> => ({ kind: "error", error }),
  );
  if (signal.aborted) {
    onAbort?.();
    return Promise.resolve({ kind: "aborted" });
  }
  return new Promise((resolve) => {
    const abort = () => {
      onAbort?.();
      resolve({ kind: "aborted" });
    };
    signal.addEventListener("abort", abort, { once: true });
    void settled.then((outcome) => {
      signal.removeEventListener("abort", abort);
      resolve(outcome);
    });
  });
}

/** Milliseconds since `started` (a performance.now() reading), one decimal. */
export function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0]?.trim() || err.name;
  return String(err);
}

export function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** The error a deadline produces, recognised by engineFailure and friends. */
export function abortError(): Error {
  const err = new Error("aborted");
  err.name = "AbortError";
  return err;
}
