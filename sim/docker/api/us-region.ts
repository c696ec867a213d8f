import { readFileSync } from "node:fs";

/** Where a changed US_REGION is written for the next reload (the container's own env cannot change). */
export const US_REGION_FILE = "/tmp/US_REGION";

/** Paths the US market serves: refused while it is paused. */
const US_PATHS = /^\/(v1\/search|api\/search|v1\/products|go\/)/;

/**
 * Launch day §4.3 step 1: "Disable US market flag … kill -HUP 1 (graceful reload if env change
 * sufficient)". The flag starts as the container's US_REGION; SIGHUP re-reads it from US_REGION_FILE when
 * that exists (else from the environment again). Anything but "us" pauses the US market's routes.
 */
export function createUsRegion(env: Record<string, string | undefined>, log: (line: string) => void) {
  let region = env.US_REGION ?? "us";
  const reload = () => {
    let next = env.US_REGION ?? "us";
    try {
      next = readFileSync(US_REGION_FILE, "utf8").trim() || next;
    } catch {
      // No override written: the environment's value stands.
    }
    log(`SIGHUP: reloaded, US_REGION=${next}${next === region ? " (unchanged)" : ` (was ${region})`}`);
    region = next;
  };
  return {
    current: () => region,
    reload,
    isPausedPath: (path: string) => region !== "us" && US_PATHS.test(path),
  };
}
