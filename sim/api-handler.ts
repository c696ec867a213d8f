import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { json } from "./api-response";
import { type ApiContext, respondToApiRequest } from "./api-routes";
import type { FaultState } from "./faults";
import { handlerOf, type Metrics } from "./metrics";

export type ApiHandlerDeps = Omit<ApiContext, "faults" | "signal" | "renderMetrics"> & {
  faults: () => Readonly<FaultState>;
  metrics: Metrics;
};

/** Adapts `respondToApiRequest` to node:http and counts every answered request in the metrics. */
export function createApiHandler(deps: ApiHandlerDeps): RequestListener {
  const { faults, metrics, ...rest } = deps;
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const aborted = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) aborted.abort();
    });
    const url = new URL(req.url ?? "/", "http://sim.local");
    res.on("finish", () => {
      const seconds = (performance.now() - started) / 1000;
      metrics.observe({ status: res.statusCode, seconds, handler: handlerOf(url.pathname) });
    });
    const ctx: ApiContext = {
      ...rest,
      faults: faults(),
      renderMetrics: metrics.render,
      signal: aborted.signal,
    };
    respondToApiRequest({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams }, ctx)
      .catch((err: unknown) => {
        if (aborted.signal.aborted) return null;
        return json(500, { status: "error", detail: err instanceof Error ? err.message : String(err) });
      })
      .then((response) => {
        if (!response || res.destroyed) return;
        res.writeHead(response.status, {
          ...response.headers,
          "content-length": Buffer.byteLength(response.body),
        });
        res.end(response.body);
      });
  };
}
