import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { json, text } from "./api-response";
import {
  CIA_POOL_SIZE,
  type CiaState,
  ciaBackgroundLoad,
  ciaRoute,
  createCiaCache,
  defaultCiaState,
} from "./cia-routes";
import { createMetrics, type Metrics } from "./metrics";
import { createRandom, normal, type Random } from "./prng";
import { createSwitchableServer } from "./switchable-server";

/**
 * The two other seed systems, small enough to share a file: Deal Scout (runbook 003) and the
 * Customer Intelligence API (runbook 004). Each serves the endpoints its runbook reads, with
 * background traffic in /metrics, and a few conditions the caller can flip.
 */
export type OtherSystemsState = {
  /** Deal Scout celery queue depth reported by /health (003 "Task Queue Stuck": > 1000). */
  dealScoutQueueDepth: number;
  /** Deal Scout share of 5xx in background traffic (003 "High Error Rate": > 5% for 5 min). */
  dealScoutErrorRate: number;
} & CiaState;

export { CIA_POOL_SIZE };
export const CIA_ADMIN_KEY_ENV = "SIM_CIA_ADMIN_KEY";

export function defaultOtherSystemsState(): OtherSystemsState {
  return {
    dealScoutQueueDepth: 12,
    dealScoutErrorRate: 0.002,
    ...defaultCiaState(),
  };
}

/** Deal Scout and the CIA listen here unless SIM_DEALSCOUT_PORT / SIM_CIA_PORT say otherwise. */
export const DEFAULT_OTHER_PORTS = { dealScout: 18100, cia: 18200 } as const;
export type OtherSystemPorts = { dealScout: number; cia: number };

const OTHER_PORT_ENV: Record<keyof OtherSystemPorts, string> = {
  dealScout: "SIM_DEALSCOUT_PORT",
  cia: "SIM_CIA_PORT",
};

/** Ports from the environment over the defaults; a bad value is an error naming the variable. */
export function resolveOtherPorts(env: Record<string, string | undefined>): OtherSystemPorts {
  const ports: OtherSystemPorts = { ...DEFAULT_OTHER_PORTS };
  for (const key of Object.keys(OTHER_PORT_ENV) as (keyof OtherSystemPorts)[]) {
    const raw = env[OTHER_PORT_ENV[key]];
    if (raw === undefined || raw === "") continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`${OTHER_PORT_ENV[key]} must be a port number 0-65535, got "${raw}"`);
    ports[key] = port;
  }
  return ports;
}

type Service = {
  port: number;
  /** Down = the port refuses connections, as a stopped container's would. */
  setDown: (down: boolean) => Promise<void>;
  stop: () => Promise<void>;
};

export async function startOtherSystems(opts: {
  ports: { dealScout: number; cia: number };
  state: () => OtherSystemsState;
  /** A change the systems make themselves (a sync started through the API). */
  update: (change: Partial<OtherSystemsState>) => void;
  adminKey: string;
  seed?: number;
}): Promise<{ dealScout: Service; cia: Service; stop: () => Promise<void> }> {
  const random = createRandom(opts.seed ?? 3003);
  const dsMetrics = createMetrics();
  const ciaMetrics = createMetrics();
  const load = setInterval(() => {
    const s = opts.state();
    backgroundLoad(dsMetrics, random, 20, s.dealScoutErrorRate, 0.12);
    ciaBackgroundLoad(ciaMetrics, random, 20, s);
  }, 1000);
  load.unref();

  const dealScout = await serve(opts.ports.dealScout, "Deal Scout", (req, res) => {
    const s = opts.state();
    if (pathOf(req) === "/health") {
      return send(
        res,
        json(200, { status: "ok", db: "ok", redis: "ok", queue_depth: s.dealScoutQueueDepth }),
      );
    }
    if (pathOf(req) === "/metrics")
      return send(res, text(200, dsMetrics.render(), "text/plain; version=0.0.4"));
    return send(res, json(404, { detail: "Not Found" }));
  });

  const ciaCache = createCiaCache();
  const cia = await serve(opts.ports.cia, "Customer Intelligence API", (req, res) => {
    const path = pathOf(req);
    if (path === "/metrics") return send(res, text(200, ciaMetrics.render(), "text/plain; version=0.0.4"));
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    // The body (a search's filters) is read and ignored: the answer depends on the state only.
    req.resume();
    req.once("end", () => {
      const { res: answer, delayMs } = ciaRoute(
        { method: req.method ?? "GET", path, header },
        opts.state(),
        opts.adminKey,
        { now: Date.now(), cache: ciaCache, update: opts.update },
      );
      if (delayMs <= 0) return send(res, answer);
      const timer = setTimeout(() => send(res, answer), delayMs);
      res.once("close", () => clearTimeout(timer));
    });
  });

  return {
    dealScout,
    cia,
    stop: async () => {
      clearInterval(load);
      await Promise.all([dealScout.stop(), cia.stop()]);
    },
  };
}

function backgroundLoad(metrics: Metrics, random: Random, rps: number, errorRate: number, medianSec: number) {
  for (let i = 0; i < rps; i++) {
    const seconds = Math.max(0.002, medianSec * Math.exp(0.6 * normal(random)));
    metrics.observe({ status: random() < errorRate ? 500 : 200, seconds });
  }
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? "/", "http://sim.local").pathname;
}

function send(res: ServerResponse, r: { status: number; headers: Record<string, string>; body: string }) {
  res.writeHead(r.status, r.headers).end(r.body);
}

async function serve(
  port: number,
  name: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Service> {
  const server = createSwitchableServer(createServer(handler), port, name);
  await server.open();
  return {
    port: server.port,
    setDown: (down) => (down ? server.close() : server.open()),
    stop: () => server.close(),
  };
}
