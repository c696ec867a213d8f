import { type ApiService, startApiService } from "./api-service";
import { type ControlService, startControlService } from "./control-service";
import { createFaultEffects } from "./fault-effects";
import { createFaultSwitch } from "./fault-switch";
import { createFaultState, type FaultState, type SimFault } from "./faults";
import { type McpService, startMcpService } from "./mcp-service";
import { resolvePorts, SIM_HOST, type SimPorts } from "./ports";
import { readSimEnv } from "./sim-options";

// The containerised stack lives in "@/sim/docker" (dockerode, pg, ioredis); only its fault names are here.
export { STACK_FAULTS, type StackFault } from "./docker/stack-fault-names";
export { type FaultState, SIM_FAULTS, type SimFault } from "./faults";
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
};

export type SimUrls = { api: string; apiTls: string; mcp: string; control: string };

export type Sim = {
  ports: SimPorts;
  urls: SimUrls;
  setFault: (name: SimFault, on: boolean) => Promise<FaultState>;
  faults: () => FaultState;
  reset: () => Promise<FaultState>;
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
    // Only called for control requests, which cannot arrive before `control` is assigned.
    const describe = () => ({ ports: portsOf(api, mcp, control) });
    const control: ControlService = await startControlService(requested.control, { faultSwitch, describe });
    started.push(control);

    const ports = portsOf(api, mcp, control);
    return {
      ports,
      urls: urlsOf(ports),
      setFault: faultSwitch.setFault,
      faults: faultSwitch.faults,
      reset: faultSwitch.reset,
      requestCount: () => api.requestCount() + mcp.requestCount(),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
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
