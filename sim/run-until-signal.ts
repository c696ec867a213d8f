/**
 * Resolves with exit code 0 once SIGINT or SIGTERM arrives and `stop` has finished (1 if it failed).
 * Later signals are ignored: a group kill and tsx's relay deliver the same signal twice.
 */
export function runUntilSignal(stop: () => Promise<void>, log: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    let isStopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (isStopping) return;
      isStopping = true;
      log(`received ${signal}, stopping`);
      stop().then(
        () => resolve(0),
        (err: unknown) => {
          log(`stop failed: ${err instanceof Error ? err.message : String(err)}`);
          resolve(1);
        },
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
