import type { McpCheck } from "./api-routes";

export const MCP_CHECK_TIMEOUT_MS = 1000;

/** Asks the MCP server's own /health, as the real API's /mcp/health proxy does. */
export async function checkMcpHealth(
  url: string,
  signal: AbortSignal,
  timeoutMs = MCP_CHECK_TIMEOUT_MS,
): Promise<McpCheck> {
  try {
    const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
    const body: unknown = await res.json().catch(() => null);
    const isOk =
      res.ok && typeof body === "object" && body !== null && "status" in body && body.status === "ok";
    return isOk ? { ok: true } : { ok: false, detail: `MCP answered HTTP ${res.status}` };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined;
    return {
      ok: false,
      detail: `MCP unreachable: ${cause ?? (err instanceof Error ? err.message : String(err))}`,
    };
  }
}
