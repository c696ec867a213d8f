import { readFileSync } from "node:fs";
import type { RollbackTarget } from "@/lib/model/rollback";
import { defaultStackApiUrl, resolveStackPaths } from "@/lib/rollback/stack-location";

export const DEFAULT_HEALTH_TIMEOUT_MS = 120_000;

/** WARROOM_ROLLBACK_HEALTH_TIMEOUT_MS bounds each health wait (default 2 min, as the runbook's loop). */
export function healthTimeoutFromEnv(env: Record<string, string | undefined>): number {
  const raw = env.WARROOM_ROLLBACK_HEALTH_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_HEALTH_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1000 || ms > 600_000) {
    throw new Error(`WARROOM_ROLLBACK_HEALTH_TIMEOUT_MS must be an integer 1000-600000, got "${raw}"`);
  }
  return ms;
}

function recordedApiUrl(env: Record<string, string | undefined>): string {
  try {
    const record = JSON.parse(readFileSync(resolveStackPaths(env).record, "utf8")) as {
      ports?: { api?: unknown };
    };
    const port = record.ports?.api;
    if (typeof port === "number" && Number.isInteger(port) && port > 0) return `http://127.0.0.1:${port}`;
  } catch {
    // no record yet: the environment's ports
  }
  return defaultStackApiUrl(env);
}

/** The BuyWhere stack as the runbooks name it: compose project buywhere-api, its state file and API. */
export function buywhereTarget(env: Record<string, string | undefined> = process.env): RollbackTarget {
  const project = "buywhere-api";
  const name = (service: string) => `${project}-${service}-1`;
  return {
    project,
    services: [
      { service: "api", container: name("api"), repo: "buywhere-api" },
      { service: "mcp", container: name("mcp"), repo: "buywhere-mcp" },
      { service: "scraper-scheduler", container: name("scraper-scheduler"), repo: null },
    ],
    rollbackStatePath: resolveStackPaths(env).rollbackState,
    // The API the preset probes (WARROOM_API_URL) is the one the rollback verifies; without it, the API
    // of the stack as last brought up (its stack.json), else the environment's ports.
    apiUrl: env.WARROOM_ROLLBACK_API_URL?.trim() || env.WARROOM_API_URL?.trim() || recordedApiUrl(env),
    healthTimeoutMs: healthTimeoutFromEnv(env),
    verify: {
      healthPath: "/health",
      searchPath: "/v1/search?q=laptop&limit=1&currency=USD",
      redirectPath: "/go/B09G9HDHJT",
      affiliateTag: "buywhere-20",
    },
  };
}
