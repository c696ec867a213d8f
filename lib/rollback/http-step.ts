import type { JsonAssertion } from "@/lib/model/http-check-schemas";
import { redactSecrets } from "@/lib/model/redact";
import { isLoopbackUrl } from "@/lib/model/service-actions-schema";
import { httpRequest } from "@/lib/probes/http-request";
import { evaluateJsonAssertion } from "@/lib/probes/json-assertion";
import { parseJsonBody } from "@/lib/probes/json-body";
import { excerpt, pathOf } from "@/lib/probes/result";
import type { Emit } from "@/lib/rollback/docker-steps";

/** Bound on a service action's request: the service answers at once and does its work in the background. */
export const HTTP_STEP_MS = 10_000;

type Env = Record<string, string | undefined>;

/**
 * A service action's request (a planned `http-call` step): loopback only, checked again here; header values
 * read from the environment now, never written anywhere; the answer judged by the step's status and JSON
 * matchers. Throws to fail the step.
 */
export async function sendActionRequest(
  args: Record<string, string>,
  emit: Emit,
  signal: AbortSignal,
  env: Env = process.env,
): Promise<void> {
  const url = args.url ?? "";
  if (!isLoopbackUrl(url))
    throw new Error(`refused: ${url} is not on this machine (127.0.0.1, localhost, [::1])`);
  const headers: Record<string, string> = {};
  for (const [header, names] of Object.entries(
    JSON.parse(args.headersFromEnv ?? "{}") as Record<string, string[]>,
  )) {
    const value = names.map((n) => env[n]).find((v) => v);
    if (!value) throw new Error(`${header}: none of ${names.join(", ")} is set`);
    headers[header] = value;
  }
  const res = await httpRequest({
    url,
    method: args.method === "GET" ? "GET" : "POST",
    headers,
    signal,
    timeoutMs: HTTP_STEP_MS,
  });
  if (!res.ok) throw new Error(res.message);
  const from = pathOf(url);
  emit(
    redactSecrets(
      `HTTP ${res.status} from ${from} in ${Math.round(res.latencyMs)} ms: ${excerpt(res.body, 300)}`,
    ),
  );
  const expected = JSON.parse(args.expectStatus ?? "[200]") as number[];
  if (!expected.includes(res.status))
    throw new Error(`HTTP ${res.status} from ${from} (expected ${expected.join(" or ")})`);
  const assertions = JSON.parse(args.json ?? "[]") as JsonAssertion[];
  if (assertions.length === 0) return;
  const body = parseJsonBody(res);
  if (!body.ok) throw new Error(body.verdict.why);
  for (const a of assertions) {
    const v = evaluateJsonAssertion(body.json, a, from);
    if (!v.ok) throw new Error(v.why);
  }
}
