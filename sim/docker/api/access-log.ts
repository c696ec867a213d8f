import { type IncomingMessage, type RequestListener, STATUS_CODES } from "node:http";

/** nginx's "client closed request": the client went away before the answer was sent. */
export const CLIENT_CLOSED = 499;

/**
 * One access line per request, as uvicorn writes it (with the time and duration added): the request line
 * in quotes, then the status. Every request is logged, so a log reader has the denominator of an error
 * rate, not only the failures.
 */
export function accessLine(req: IncomingMessage, status: number, ms: number, now: Date): string {
  const peer = `${req.socket.remoteAddress ?? "-"}:${req.socket.remotePort ?? 0}`;
  const target = (req.url ?? "/").replace(/["\s]/g, encodeURIComponent);
  const reason = STATUS_CODES[status] ?? "";
  return `${now.toISOString()} INFO [api] ${peer} - "${req.method} ${target} HTTP/${req.httpVersion}" ${status} ${reason} ${Math.round(ms)}ms`;
}

/** The handler, with every request written to the log once it is answered (or given up by the client). */
export function withAccessLog(handler: RequestListener, log: (line: string) => void): RequestListener {
  return (req, res) => {
    const started = performance.now();
    let logged = false;
    const done = (status: number) => {
      if (logged) return;
      logged = true;
      log(accessLine(req, status, performance.now() - started, new Date()));
    };
    res.on("finish", () => done(res.statusCode));
    res.on("close", () => done(res.writableFinished ? res.statusCode : CLIENT_CLOSED));
    handler(req, res);
  };
}
