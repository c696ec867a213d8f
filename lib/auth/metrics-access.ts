import { createHash, timingSafeEqual } from "node:crypto";
import { isLoopbackAddress } from "@/lib/auth/reach";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { Refusal } from "@/lib/model/refusal";

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

/**
 * Who may read /metrics: a client on this machine (a Prometheus or agent beside the dashboard), or anyone
 * with `Authorization: Bearer $WARROOM_METRICS_TOKEN`. The figures carry no secret, but they do tell how the
 * launch is going and who is failing to sign in, so they are not public like the board.
 */
export function checkMetricsAccess(
  meta: RequestMeta,
  token: string | undefined,
  /** The client address is the socket's peer (the forwarded-header rewrite runs), not a header anyone can send. */
  addressKnown: boolean,
): void {
  const configured = token?.trim() ?? "";
  if (meta.bearer !== null) {
    if (configured !== "" && timingSafeEqual(digest(meta.bearer), digest(configured))) return;
    throw new Refusal(401, "authorization: not the metrics token (WARROOM_METRICS_TOKEN)");
  }
  if (addressKnown && isLoopbackAddress(meta.ip)) return;
  throw new Refusal(
    403,
    "metrics: readable from this machine only, or with Authorization: Bearer <WARROOM_METRICS_TOKEN>",
  );
}
