import { z } from "zod";

export type SimPorts = { api: number; tls: number; mcp: number; control: number };

export const DEFAULT_SIM_PORTS: SimPorts = { api: 18000, tls: 18443, mcp: 18080, control: 18099 };

export const SIM_HOST = "127.0.0.1";

const PORT_ENV: Record<keyof SimPorts, string> = {
  api: "SIM_API_PORT",
  tls: "SIM_TLS_PORT",
  mcp: "SIM_MCP_PORT",
  control: "SIM_CONTROL_PORT",
};

/** 0 asks the OS for an ephemeral port. */
const portSchema = z.coerce.number().int().min(0).max(65535);

/** Ports named in the environment; an invalid value is an error that names the variable. */
export function readPortsFromEnv(env: Record<string, string | undefined>): Partial<SimPorts> {
  const ports: Partial<SimPorts> = {};
  for (const key of Object.keys(PORT_ENV) as (keyof SimPorts)[]) {
    const name = PORT_ENV[key];
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    const parsed = portSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${name} must be a port number 0-65535, got "${raw}"`);
    ports[key] = parsed.data;
  }
  return ports;
}

/** Explicit ports win over the environment, which wins over the defaults. */
export function resolvePorts(
  overrides: Partial<SimPorts> = {},
  env: Record<string, string | undefined> = process.env,
): SimPorts {
  return { ...DEFAULT_SIM_PORTS, ...readPortsFromEnv(env), ...stripUndefined(overrides) };
}

function stripUndefined(ports: Partial<SimPorts>): Partial<SimPorts> {
  return Object.fromEntries(Object.entries(ports).filter(([, v]) => v !== undefined));
}
