import type { VerifyRequest } from "@/lib/model/actions-schema";
import { evaluateJsonAssertion } from "@/lib/probes/json-assertion";
import { isHostOrSubdomain } from "@/lib/probes/redirect-probe";
import { type Emit, httpGet } from "@/lib/rollback/docker-steps";

const REDIRECT = [301, 302, 303, 307, 308];

/**
 * Sends one of the runbook's verification requests (never following a redirect) and judges it with the
 * HTTP checks' matchers: status, JSON path assertions (as the http check), Location host and params (as
 * the redirect check). Throws with the first failed condition.
 */
export async function verifyRequest(url: string, req: VerifyRequest, emit: Emit): Promise<void> {
  const res = await httpGet(url);
  const from = new URL(url).pathname;
  if (req.match === "redirect") {
    emit(`${res.status} in ${res.ms} ms → ${res.location ?? "(no Location)"}`);
    if (!REDIRECT.includes(res.status)) throw new Error(`${from} answered ${res.status}, not a redirect`);
    let location: URL;
    try {
      location = new URL(res.location ?? "", url);
    } catch {
      throw new Error(`${from} redirected without a usable Location`);
    }
    if (!isHostOrSubdomain(location.hostname, req.expectHost))
      throw new Error(`Location ${location.host} is not on ${req.expectHost}`);
    for (const [key, want] of Object.entries(req.expectParams)) {
      if (!location.searchParams.getAll(key).includes(want))
        throw new Error(`Location does not carry ${key}=${want}`);
    }
    return;
  }
  emit(`${res.status} in ${res.ms} ms: ${res.body.slice(0, 200).trim()}`);
  if (!req.expectStatus.includes(res.status))
    throw new Error(`${from} answered ${res.status}, not ${req.expectStatus.join(" or ")}`);
  if (req.match === "status") return;
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new Error(`${from} did not answer JSON`);
  }
  for (const assertion of req.json) {
    const v = evaluateJsonAssertion(json, assertion, from);
    emit(`${v.ok ? "✓" : "✗"} ${v.condition} (${v.actual})`);
    if (!v.ok) throw new Error(v.why);
  }
}
