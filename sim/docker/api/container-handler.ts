import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { type ApiResponse, json } from "../../api-response";
import type { FaultState } from "../../faults";
import { handlerOf, type Metrics } from "../../metrics";
import type { DependencyChecker } from "./dependency-check";

/** "broken" is the bad-deploy build: every endpoint but /metrics fails, as a release that cannot boot. */
export type ApiBuild = "good" | "broken";

export type ContainerHandlerDeps = {
  /** The process sim's handler, for everything this one does not answer itself. */
  base: RequestListener;
  metrics: Metrics;
  faults: () => Readonly<FaultState>;
  build: ApiBuild;
  /** Real PostgreSQL (through PgBouncer) and Redis behind /health/detailed; absent = the sim's own answer. */
  dependencies: DependencyChecker | null;
  log: (line: string) => void;
  /** The US market's routes are paused (US_REGION off after a reload); absent: never. */
  isPausedPath?: (path: string) => boolean;
};

/** The containerised API: the sim's routes, with /health/detailed on real servers and a broken build. */
export function createContainerHandler(deps: ContainerHandlerDeps): RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? "/", "http://sim.local").pathname.replace(/(.)\/+$/, "$1");
    if (deps.build === "broken" && path !== "/metrics") {
      // The request itself is in the access log; the application logs its exception.
      deps.log(`${new Date().toISOString()} ERROR [api] Exception in ASGI application`);
      deps.log("Traceback (most recent call last):");
      deps.log('  File "/app/api/main.py", line 41, in startup');
      deps.log("RuntimeError: settings.CATALOG_INDEX is not configured");
      return answer(req, res, deps.metrics, async () =>
        json(500, { status: "error", detail: "Internal Server Error" }),
      );
    }
    if (deps.isPausedPath?.(path)) {
      return answer(req, res, deps.metrics, async () =>
        json(503, { status: "paused", detail: "US market paused (US_REGION is not us)" }),
      );
    }
    const isDetailedHealth = path === "/health/detailed" && (req.method === "GET" || req.method === "HEAD");
    const checker = deps.dependencies;
    if (isDetailedHealth && checker && !deps.faults()["api-500"]) {
      return answer(req, res, deps.metrics, async () => {
        const report = await checker.check({ isDbSlow: deps.faults()["db-slow"] });
        return json(report.status === "unhealthy" ? 503 : 200, {
          status: report.status,
          db_response_ms: report.dbMs,
          dependencies: { db: report.db, redis: report.redis },
          ...(report.errors.length > 0 ? { errors: report.errors } : {}),
        });
      });
    }
    deps.base(req, res);
  };
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: Metrics,
  respond: () => Promise<ApiResponse>,
): void {
  const started = performance.now();
  req.resume();
  res.on("finish", () => {
    const seconds = (performance.now() - started) / 1000;
    const path = new URL(req.url ?? "/", "http://sim.local").pathname;
    metrics.observe({ status: res.statusCode, seconds, handler: handlerOf(path) });
  });
  respond()
    .catch((err: unknown) =>
      json(500, { status: "error", detail: err instanceof Error ? err.message : String(err) }),
    )
    .then((response) => {
      if (res.destroyed) return;
      res.writeHead(response.status, {
        ...response.headers,
        "content-length": Buffer.byteLength(response.body),
      });
      res.end(req.method === "HEAD" ? undefined : response.body);
    });
}
