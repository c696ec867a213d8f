import { DEFAULT_SIM_PORTS, readPortsFromEnv, SIM_HOST } from "./ports";

export const CONTROL_TIMEOUT_MS = 5000;

export class SimNotRunningError extends Error {}

export type ControlAnswer = { status: number; body: Record<string, unknown> };

export function controlUrlFromEnv(env: Record<string, string | undefined>): string {
  if (env.SIM_CONTROL_URL) return env.SIM_CONTROL_URL.replace(/\/$/, "");
  const port = readPortsFromEnv(env).control ?? DEFAULT_SIM_PORTS.control;
  return `http://${SIM_HOST}:${port}`;
}

/** One request to the sim's control endpoint; a sim that does not answer is a SimNotRunningError. */
export async function callControl(baseUrl: string, method: string, path: string): Promise<ControlAnswer> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${path}`, { method, signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS) });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw new SimNotRunningError(
      `the sim is not running: no control endpoint at ${baseUrl} (${cause}). Start it with: npm run sim -- start`,
    );
  }
  const body: unknown = await res.json().catch(() => ({}));
  return { status: res.status, body: typeof body === "object" && body !== null ? { ...body } : {} };
}
