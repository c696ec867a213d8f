import Docker from "dockerode";

export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";
const PING_TIMEOUT_MS = 3000;

export class EngineUnreachableError extends Error {
  override name = "EngineUnreachableError";
}

/** The engine at DOCKER_SOCKET (a path), else /var/run/docker.sock. Only a local socket: never TCP. */
export function connectDocker(env: Record<string, string | undefined> = process.env): Docker {
  return new Docker({ socketPath: env.DOCKER_SOCKET || DEFAULT_DOCKER_SOCKET });
}

export function socketPathOf(docker: Docker): string {
  const socketPath: unknown = Reflect.get(docker.modem, "socketPath");
  return typeof socketPath === "string" ? socketPath : DEFAULT_DOCKER_SOCKET;
}

/** Resolves when the engine answers a ping; otherwise an EngineUnreachableError that says so plainly. */
export async function assertEngineReachable(docker: Docker): Promise<void> {
  const socket = socketPathOf(docker);
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS).unref(),
      ),
    ]);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new EngineUnreachableError(
      `no Docker engine is reachable at ${socket} (${why}). Start one with: bash scripts/services/ensure-docker.sh`,
      { cause: err },
    );
  }
}

export async function isEngineReachable(docker: Docker): Promise<boolean> {
  return assertEngineReachable(docker).then(
    () => true,
    () => false,
  );
}
