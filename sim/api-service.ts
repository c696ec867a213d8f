import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { setTimeout as delay } from "node:timers/promises";
import { createApiHandler } from "./api-handler";
import { generateCerts } from "./certs";
import type { FaultState } from "./faults";
import { checkMcpHealth } from "./mcp-check";
import { createMetrics } from "./metrics";
import { createRandom } from "./prng";
import { createSwitchableServer } from "./switchable-server";
import { startSyntheticLoad } from "./synthetic-load";

export const DEFAULT_SLOW_SEARCH_MS = 3000;

export type ApiServiceOptions = {
  ports: { api: number; tls: number };
  faults: () => Readonly<FaultState>;
  /** The MCP server's health URL that /mcp/health proxies. */
  mcpHealthUrl: string;
  slowSearchMs?: number;
  syntheticRps?: number;
  seed?: number;
};

export type ApiService = {
  readonly ports: { api: number; tls: number };
  /** Down = both listeners closed and every open connection destroyed. */
  setDown: (down: boolean) => Promise<void>;
  setCertExpiring: (expiring: boolean) => void;
  /** HTTP requests served on both listeners since start (the load a monitor puts on the API). */
  requestCount: () => number;
  stop: () => Promise<void>;
};

/** The API on HTTP and HTTPS (one handler), with its metrics and background load. */
export async function startApiService(opts: ApiServiceOptions): Promise<ApiService> {
  const slowSearchMs = opts.slowSearchMs ?? DEFAULT_SLOW_SEARCH_MS;
  const seed = opts.seed ?? 20260423;
  const certs = await generateCerts();
  const metrics = createMetrics();
  const handler = createApiHandler({
    faults: opts.faults,
    metrics,
    random: createRandom(seed + 1),
    slowSearchMs,
    now: () => new Date(),
    checkMcp: (signal) => checkMcpHealth(opts.mcpHealthUrl, signal),
    sleep: (ms, signal) => delay(ms, undefined, { signal }),
  });
  let served = 0;
  const counted: typeof handler = (req, res) => {
    served += 1;
    return handler(req, res);
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
  const load = startSyntheticLoad({
    metrics,
    faults: opts.faults,
    slowSearchMs,
    rps: opts.syntheticRps,
    seed,
  });

  return {
    get ports() {
      return { api: http.port, tls: tls.port };
    },
    setDown,
    requestCount: () => served,
    setCertExpiring(expiring) {
      tlsServer.setSecureContext(expiring ? certs.expiring : certs.normal);
      // Reused connections would keep the old certificate; new ones get the new one.
      tlsServer.closeIdleConnections();
    },
    async stop() {
      load.stop();
      await setDown(true);
    },
  };
}
