import { access } from "node:fs/promises";

/** The flag file the error-logs fault creates inside the API container (through docker exec). */
export const ERROR_LOGS_FLAG = "/tmp/error-logs";
export const ERROR_LOG_INTERVAL_MS = 1000;

/** The lines the runbooks grep container logs for: ECONNREFUSED, 500s, FATAL, Python tracebacks. */
export function errorBurst(now: Date, n: number): string[] {
  const ts = now.toISOString();
  return [
    `${ts} ERROR [api] sqlalchemy.exc.OperationalError: connection to server at "127.0.0.1", port 26432 failed: ECONNREFUSED (request ${n})`,
    // Not an access line (the access log has the requests): a log reader must not count it as one.
    `${ts} ERROR [api] Exception in ASGI application: GET /v1/search?q=phone&currency=USD → 500 Internal Server Error`,
    `${ts} FATAL [api] worker ${(n % 4) + 1} exited: remaining connection slots are reserved`,
    "Traceback (most recent call last):",
    '  File "/app/api/routes/search.py", line 88, in search',
    "    rows = await db.fetch(query, *params)",
    "ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 26432)",
  ];
}

/** While the flag file exists, writes an error burst to the log every interval. */
export function startErrorLogWatcher(opts: {
  log: (line: string) => void;
  flagPath?: string;
  intervalMs?: number;
}): { stop: () => void } {
  const flagPath = opts.flagPath ?? ERROR_LOGS_FLAG;
  let n = 0;
  let isChecking = false;
  const timer = setInterval(() => {
    if (isChecking) return;
    isChecking = true;
    access(flagPath)
      .then(
        () => {
          n += 1;
          for (const line of errorBurst(new Date(), n)) opts.log(line);
        },
        () => undefined,
      )
      .finally(() => {
        isChecking = false;
      });
  }, opts.intervalMs ?? ERROR_LOG_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
