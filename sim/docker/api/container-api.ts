import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { setTimeout as delay } from "node:timers/promises";
import { createApiHandler } from "../../api-handler";
import type { ApiService } from "../../api-service";
import { generateCerts } from "../../certs";
import type { FaultState } from "../../faults";
import { checkMcpHealth } from "../../mcp-check";
import { createMetrics } from "../../metrics";
import { createRandom } from "../../prng";
import { createSwitchableServer } from "../../switchable-server";
import { startSyntheticLoad } from "../../synthetic-load";
import { withAccessLog } from "./access-log";
import { type ApiBuild, createContainerHandler } from "./container-handler";
import type { DependencyChecker } from "./dependency-check";

export type ContainerApiOptions = {
  ports: { api: number; tls: number };
  faults: () => Readonly<FaultState>;
  mcpHealthUrl: string;
  slowSearchMs: number;
  syntheticRps: number;
  seed: number;
  build: ApiBuild;
  dependencies: DependencyChecker | null;
  log: (line: string) => void;
  isPausedPath?: (path: string) => boolean;
};

/**
 * The same listeners, metrics and background load as the process sim's API service (sim/api-service.ts),
 * with the container's handler in front. A broken build's background load is all 5xx, as its real traffic.
 */
export async function startContainerApi(opts: ContainerApiOptions): Promise<ApiService> {
  const certs = await generateCerts();
  const metrics = createMetrics();
  const base = createApiHandler({
    faults: opts.faults,
    metrics,
    random: createRandom(opts.seed + 1),
    slowSearchMs: opts.slowSearchMs,
    now: () => new Date(),
    checkMcp: (signal) => checkMcpHealth(opts.mcpHealthUrl, signal),
    sleep: (ms, signal) => delay(ms, undefined, { signal }),
  });
  let served = 0;
  const handler = createContainerHandler({
    base,
    metrics,
    faults: opts.faults,
    build: opts.build,
    dependencies: opts.dependencies,
    log: opts.log,
    ...(opts.isPausedPath ? { isPausedPath: opts.isPausedPath } : {}),
  });
  const logged = withAccessLog(handler, opts.log);
  const counted: typeof handler = (req, res) => {
    served += 1;
    logged(req, res);
  };
  const httpServer = createServer(counted);
  const tlsServer = createTlsServer(certs.normal, counted);
  const http = createSwitchableServer(httpServer, opts.ports.api, "API (http)");
  const tls = createSwitchableServer(tlsServer, opts.ports.tls, "API (https)");
  const setDown = async (down: boolean) => {
    await Promise.all(down ? [http.close(), tls.close()] : [http.open(), tls.open()]);
  };
  try {
    await setDown(false);
  } catch (err) {
    await setDown(true);
    throw err;
  }
  const isBroken = opts.build === "broken";
  const load = startSyntheticLoad({
    metrics,
    faults: () => (isBroken ? { ...opts.faults(), "api-500": true } : opts.faults()),
    slowSearchMs: opts.slowSearchMs,
    rps: opts.syntheticRps,
    seed: opts.seed,
  });

  return {
    get ports() {
      return { api: http.port, tls: tls.port };
    },
    setDown,
    requestCount: () => served,
    setCertExpiring(expiring) {
      tlsServer.setSecureContext(expiring ? certs.expiring : certs.normal);
      tlsServer.closeIdleConnections();
    },
    async stop() {
      load.stop();
      await setDown(true);
    },
  };
}
