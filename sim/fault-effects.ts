import type { ApiService } from "./api-service";
import type { FaultEffects } from "./fault-switch";
import type { McpService } from "./mcp-service";

/**
 * Faults that change listeners or certificates; the rest are flags the API handler reads per request.
 * Without an MCP in this process, mcp-down stays a flag (the API's /mcp/health still answers 503).
 */
export function createFaultEffects(
  api: Pick<ApiService, "setDown" | "setCertExpiring">,
  mcp?: Pick<McpService, "setDown">,
): FaultEffects {
  return {
    "api-down": (on) => api.setDown(on),
    "api-500": null,
    "slow-search": null,
    "db-slow": null,
    "affiliate-broken": null,
    "mcp-down": mcp ? (on) => mcp.setDown(on) : null,
    "cert-expiring": (on) => api.setCertExpiring(on),
    "ingestion-stale": null,
    "amazon-missing": null,
    "pricing-wrong": null,
  };
}
