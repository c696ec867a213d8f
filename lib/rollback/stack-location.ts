import { resolve } from "node:path";

/** Where the stack keeps .rollback_state, backups/, the disk-pressure mount and its own record. */
export type StackPaths = {
  root: string;
  /** stack.json: the ports and settings of the stack last brought up. */
  record: string;
  rollbackState: string;
  backups: string;
  disk: string;
};

/** WARROOM_STACK_DIR, else .warroom/stack under the working directory (the repository root for npm run). */
export function resolveStackPaths(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): StackPaths {
  // turbopackIgnore: a path from the environment; output tracing would otherwise copy this folder's sources.
  const root = resolve(/* turbopackIgnore: true */ cwd, env.WARROOM_STACK_DIR || ".warroom/stack");
  return {
    root,
    record: resolve(root, "stack.json"),
    rollbackState: resolve(root, ".rollback_state"),
    backups: resolve(root, "backups"),
    disk: resolve(root, "disk"),
  };
}

/**
 * The API of the stack when neither WARROOM_ROLLBACK_API_URL, WARROOM_API_URL nor the stack's own record
 * names it: SIM_API_PORT, else 18000, on loopback (the simulator's defaults, sim/ports.ts).
 */
export function defaultStackApiUrl(env: Record<string, string | undefined>): string {
  const raw = env.SIM_API_PORT;
  let port = 18000;
  if (raw !== undefined && raw !== "") {
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
      throw new Error(`SIM_API_PORT must be a port number 1-65535, got "${raw}"`);
    }
    port = parsed;
  }
  return `http://127.0.0.1:${port}`;
}
