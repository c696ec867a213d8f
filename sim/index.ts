import { type ApiService, startApiService } from "./api-service";
import { type ControlService, startControlService } from "./control-service";
import { createFaultEffects } from "./fault-effects";
import { createFaultSwitch } from "./fault-switch";
import { createFaultState, type FaultState, type SimFault } from "./faults";
import { type McpService, startMcpService } from "./mcp-service";
import {
  defaultOtherSystemsState,
  type OtherSystemPorts,
  type OtherSystemsState,
  resolveOtherPorts,
  startOtherSystems,
} from "./other-systems";
import { resolvePorts, SIM_HOST, type SimPorts } from "./ports";
import { readSimEnv } from "./sim-options";

export { ciaHungSync } from "./cia-routes";
// The containerised stack lives in "@/sim/docker" (dockerode, pg, ioredis); only its fault names are here.
export { STACK_FAULTS, type StackFault } from "./docker/stack-fault-names";
export { type FaultState, SIM_FAULTS, type SimFault } from "./faults";
export {
  CIA_ADMIN_KEY_ENV,
  DEFAULT_OTHER_PORTS,
  type OtherSystemPorts,
  type OtherSystemsState,
} from "./other-systems";
export { DEFAULT_SIM_PORTS, type SimPorts } from "./ports";

export type StartSimOptions = {
  /** 0 = ephemeral; unset = env (SIM_API_PORT …) or the defaults 18000/18443/18080/18099. */
  ports?: Partial<SimPorts>;
  /** Delay of search under slow-search; default env SIM_SLOW_SEARCH_MS or 3000. */
  slowSearchMs?: number;
  /** Virtual requests per second counted in /metrics; default env SIM_SYNTHETIC_RPS or 40. */
  syntheticRps?: number;
  seed?: number;
  env?: Record<string, string | undefined>;
  /**
   * Also run the two other seed systems, Deal Scout and the Customer Intelligence API (runbooks 003, 004).
   * true = ports from SIM_DEALSCOUT_PORT / SIM_CIA_PORT or 18100 / 18200; 0 = ephemeral. Off by default,
   * so tests on ephemeral ports never collide on theirs; `npm run sim -- start` turns it on.
   */
  otherSystems?: boolean | Partial<OtherSystemPorts>;
};

/** Deal Scout and the CIA, with the conditions their runbooks alert on. */
export type OtherSystems = {
  ports: OtherSystemPorts;
  urls: { dealScout: string; cia: string };
  /** The CIA's admin key (X-Admin-Key), from SIM_CIA_ADMIN_KEY or "sim-admin-key". */
  adminKey: string;
  state: () => OtherSystemsState;
  /** Changes conditions, e.g. { dealScoutQueueDepth: 1500 }; the next request sees them. */
  set: (change: Partial<OtherSystemsState>) => OtherSystemsState;
  /** Stops (or restarts) one system's listener: its port refuses connections. */
  setDown: (system: "dealScout" | "cia", down: boolean) => Promise<void>;
  reset: () => Promise<void>;
};

export type SimUrls = { api: string; apiTls: string; mcp: string; control: string };

export type Sim = {
  ports: SimPorts;
  urls: SimUrls;
  setFault: (name: SimFault, on: boolean) => Promise<FaultState>;
  faults: () => FaultState;
  reset: () => Promise<FaultState>;
  /** Deal Scout and the CIA when started with `otherSystems`, else null. */
  others: OtherSystems | null;
  /** Requests served by the API (HTTP + HTTPS) and MCP since start; used to measure monitoring load. */
  requestCount: () => number;
  stop: () => Promise<void>;
};

/** Starts the whole simulated BuyWhere stack on 127.0.0.1: API (HTTP + HTTPS), MCP and control. */
export async function startSim(opts: StartSimOptions = {}): Promise<Sim> {
  const env = opts.env ?? process.env;
  const requested = resolvePorts(opts.ports, env);
  const fromEnv = readSimEnv(env);
  const tuning = {
    slowSearchMs: opts.slowSearchMs ?? fromEnv.slowSearchMs,
    syntheticRps: opts.syntheticRps ?? fromEnv.syntheticRps,
    seed: opts.seed ?? fromEnv.seed,
  };
  const state = createFaultState();
  const started: { stop: () => Promise<void> }[] = [];
  const stopAll = () => Promise.all(started.splice(0).map((s) => s.stop())).then(() => undefined);

  try {
    const mcp = await startMcpService(requested.mcp);
    started.push(mcp);
    const api = await startApiService({
      ports: { api: requested.api, tls: requested.tls },
      faults: () => state,
      mcpHealthUrl: `http://${SIM_HOST}:${mcp.port}/health`,
      ...tuning,
    });
    started.push(api);
    const faultSwitch = createFaultSwitch(createFaultEffects(api, mcp), state);
    const others = opts.otherSystems ? await startOthers(opts.otherSystems, env, tuning.seed) : null;
    if (others) started.push(others);
    // Only called for control requests, which cannot arrive before `control` is assigned.
    const describe = () => ({
      ports: portsOf(api, mcp, control),
      ...(others ? { otherSystems: others.urls } : {}),
    });
    const control: ControlService = await startControlService(requested.control, { faultSwitch, describe });
    started.push(control);

    const ports = portsOf(api, mcp, control);
    return {
      ports,
      urls: urlsOf(ports),
      setFault: faultSwitch.setFault,
      faults: faultSwitch.faults,
      reset: faultSwitch.reset,
      others,
      requestCount: () => api.requestCount() + mcp.requestCount(),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * Deal Scout and the CIA alone (`npm run sim -- start --docker` runs them beside the containers).
 * true = ports from SIM_DEALSCOUT_PORT / SIM_CIA_PORT or the defaults.
 */
export async function startOthers(
  requested: true | Partial<OtherSystemPorts>,
  env: Record<string, string | undefined>,
  seed = 3003,
): Promise<OtherSystems & { stop: () => Promise<void> }> {
  const ports = { ...resolveOtherPorts(env), ...(requested === true ? {} : requested) };
  let state = defaultOtherSystemsState();
  const adminKey = env.SIM_CIA_ADMIN_KEY || "sim-admin-key";
  const update = (change: Partial<OtherSystemsState>) => {
    state = { ...state, ...change };
  };
  const services = await startOtherSystems({ ports, state: () => state, update, adminKey, seed });
  const actual = { dealScout: services.dealScout.port, cia: services.cia.port };
  return {
    ports: actual,
    urls: { dealScout: `http://${SIM_HOST}:${actual.dealScout}`, cia: `http://${SIM_HOST}:${actual.cia}` },
    adminKey,
    state: () => ({ ...state }),
    set: (change) => {
      state = { ...state, ...change };
      return { ...state };
    },
    setDown: (system, down) => services[system].setDown(down),
    reset: async () => {
      state = defaultOtherSystemsState();
      await Promise.all([services.dealScout.setDown(false), services.cia.setDown(false)]);
    },
    stop: services.stop,
  };
}

function portsOf(api: ApiService, mcp: McpService, control: ControlService): SimPorts {
  return { api: api.ports.api, tls: api.ports.tls, mcp: mcp.port, control: control.port };
}

export function urlsOf(ports: SimPorts): SimUrls {
  return {
    api: `http://${SIM_HOST}:${ports.api}`,
    apiTls: `https://${SIM_HOST}:${ports.tls}`,
    mcp: `http://${SIM_HOST}:${ports.mcp}`,
    control: `http://${SIM_HOST}:${ports.control}`,
  };
}
