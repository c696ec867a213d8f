import "server-only";
import type { Probe } from "@/lib/model/probe";
import { httpRequest } from "@/lib/probes/http-request";
import {
  evidenceOfResponse,
  failureResult,
  finishResult,
  pathOf,
  type Verdict,
  verdict,
  withUnit,
} from "@/lib/probes/result";

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

/**
 * Reads the `Location` of one response and never follows it (the target is off this machine): its host
 * must be `expectHost` or a subdomain of it, and every `expectParams` pair must be present. Value: latency.
 */
export const probeRedirect: Probe<"redirect"> = async (check, ctx) => {
  const res = await httpRequest({ url: check.url, signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  if (!res.ok) return failureResult(res);

  const from = pathOf(res.url);
  const evidence = evidenceOfResponse(res);
  const isRedirect = REDIRECT_STATUSES.includes(res.status);
  const verdicts: Verdict[] = [
    verdict(
      "[STATUS] is a redirect (3xx)",
      String(res.status),
      isRedirect,
      "crit",
      `HTTP ${res.status} from ${from} (expected a redirect to ${check.expectHost})`,
    ),
  ];
  let shown = "";
  if (isRedirect) {
    const location = res.location === undefined ? null : parseLocation(res.location, res.url);
    if (location === null) {
      const why =
        res.location === undefined
          ? `${from} redirected without a Location`
          : `unparsable Location "${res.location}"`;
      verdicts.push(verdict("[LOCATION] is a URL", res.location ?? "(missing)", false, "crit", why));
    } else {
      shown = `${location.host}${location.pathname}`;
      evidence.location = location.toString();
      const hostOk = isHostOrSubdomain(location.hostname, check.expectHost);
      verdicts.push(
        verdict(
          `[LOCATION].host is ${check.expectHost} or a subdomain`,
          location.hostname,
          hostOk,
          "crit",
          `Location ${shown} is not on ${check.expectHost}`,
        ),
      );
      for (const [key, want] of Object.entries(check.expectParams)) {
        const got = location.searchParams.getAll(key);
        const actual = got.length === 0 ? "(missing)" : got.map((v) => `${key}=${v}`).join("&");
        const why =
          got.length === 0
            ? `Location ${shown} has no ${key}=${want}`
            : `Location ${shown} has ${actual}, not ${key}=${want}`;
        verdicts.push(verdict(`[LOCATION] has ${key}=${want}`, actual, got.includes(want), "crit", why));
      }
    }
  }

  return finishResult({
    verdicts,
    value: res.latencyMs,
    unit: "ms",
    evidence,
    okSummary: `${from} → ${shown}${paramsText(check.expectParams)} in ${withUnit(res.latencyMs, "ms")}`,
  });
};

function parseLocation(location: string, base: string): URL | null {
  try {
    return new URL(location, base);
  } catch {
    return null;
  }
}

/** `www.amazon.com` matches `amazon.com`; `notamazon.com` and `amazon.com.evil.io` do not. */
export function isHostOrSubdomain(hostname: string, expected: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  const want = expected.toLowerCase().replace(/\.$/, "");
  return host === want || host.endsWith(`.${want}`);
}

function paramsText(params: Record<string, string>): string {
  const pairs = Object.entries(params).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? "" : ` with ${pairs.join("&")}`;
}
