import "server-only";
import { isForwardedGuardInstalled } from "@/lib/auth/forwarded-guard";
import { checkMetricsAccess } from "@/lib/auth/metrics-access";
import { readRequestMeta } from "@/lib/auth/request-meta";
import { currentBoard } from "@/lib/http/current-board";
import { getHub } from "@/lib/hub/hub";
import { Refusal } from "@/lib/model/refusal";
import { LEVELS } from "@/lib/model/runbook-schema";
import { metrics } from "@/lib/runtime/metrics";

/**
 * GET /metrics: the dashboard's own figures in Prometheus text format. The gauges that mirror the board
 * (checks by level, viewers) are read at scrape time, with the clock applied: a stale check counts as
 * unknown here as on the board.
 */
export async function handleMetrics(req: Request): Promise<Response> {
  try {
    checkMetricsAccess(readRequestMeta(req), process.env.WARROOM_METRICS_TOKEN, isForwardedGuardInstalled());
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    return Response.json(
      { error: err.message },
      { status: err.status, headers: { "Cache-Control": "no-store" } },
    );
  }
  const hub = getHub();
  const m = metrics();
  // Every level present, a level with no check at 0: a query sees 0, not an absent series.
  const checks = currentBoard(hub)?.checks ?? [];
  for (const level of LEVELS) m.checks.set({ level }, checks.filter((c) => c.level === level).length);
  m.viewers.set(hub.listeners.size);
  return new Response(await m.registry.metrics(), {
    headers: { "Content-Type": m.registry.contentType, "Cache-Control": "no-store" },
  });
}
