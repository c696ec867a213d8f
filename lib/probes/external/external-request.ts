import "server-only";
import type { Evidence, ProbeContext, ProbeResult } from "@/lib/model/probe";
import { excerpt, unknownResult, type Verdict } from "@/lib/probes/result";

const MAX_BODY_CHARS = 512 * 1024;

export type ExternalAnswer =
  | { ok: true; status: number; json: unknown; latencyMs: number }
  | { ok: false; reason: string; status?: number; latencyMs: number };

/**
 * The credential named by `tokenEnv`, read when the probe runs (never stored in the runbook), or the
 * reason there is none.
 */
export function tokenFrom(
  tokenEnv: string,
  env: Record<string, string | undefined> = process.env,
): { token: string } | { missing: string } {
  const token = env[tokenEnv]?.trim();
  return token ? { token } : { missing: `not configured: ${tokenEnv} is not set` };
}

/**
 * One JSON request to another system's API with a bearer token. Uses fetch, which verifies TLS
 * certificates: a token is never sent to a server that cannot prove who it is.
 */
export async function requestJson(
  url: string,
  init: { method: "GET" | "POST"; token: string; body?: unknown },
  ctx: Pick<ProbeContext, "signal">,
): Promise<ExternalAnswer> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: {
        authorization: `Bearer ${init.token}`,
        accept: "application/json",
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: ctx.signal,
      redirect: "error",
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const message = cause?.code ?? cause?.message ?? (err as Error).message;
    return { ok: false, reason: `request failed: ${message}`, latencyMs: latencyMs() };
  }
  const text = (await res.text().catch(() => "")).slice(0, MAX_BODY_CHARS);
  if (res.status === 401 || res.status === 403)
    return {
      ok: false,
      status: res.status,
      reason: `HTTP ${res.status}: the token was refused`,
      latencyMs: latencyMs(),
    };
  if (!res.ok)
    return {
      ok: false,
      status: res.status,
      reason: `HTTP ${res.status}: ${excerpt(text, 120)}`,
      latencyMs: latencyMs(),
    };
  try {
    return { ok: true, status: res.status, json: JSON.parse(text), latencyMs: latencyMs() };
  } catch {
    return {
      ok: false,
      status: res.status,
      reason: `HTTP ${res.status} without JSON: ${excerpt(text, 80)}`,
      latencyMs: latencyMs(),
    };
  }
}

type Cached = { at: number; result: ProbeResult };

/**
 * At most one request per `minIntervalSec`: between two, the last result is served again and says when
 * it was fetched (its evidence keeps fetchedAt), so a quota-counted API is not polled every cycle.
 */
export async function throttled(
  ctx: ProbeContext,
  minIntervalSec: number,
  fetchResult: () => Promise<ProbeResult>,
): Promise<ProbeResult> {
  const key = "external-last";
  const last = ctx.state.get(key) as Cached | undefined;
  const now = ctx.now();
  if (last && now - last.at < minIntervalSec * 1000) {
    const ageSec = Math.round((now - last.at) / 1000);
    return {
      ...last.result,
      summary: `${last.result.summary} (fetched ${ageSec} s ago)`,
      evidence: { ...last.result.evidence, reusedForSec: ageSec },
    };
  }
  const result = await fetchResult();
  const fetchedAt = new Date(now).toISOString();
  const stamped = { ...result, evidence: { ...result.evidence, fetchedAt } };
  // An answer that could not be had is not kept: the next cycle asks again.
  if (result.level !== "unknown") ctx.state.set(key, { at: now, result: stamped });
  else ctx.state.delete(key);
  return stamped;
}

/** The unknown reading of a failed request, with what was asked and why it failed. */
export function unknownAnswer(
  system: string,
  answer: Extract<ExternalAnswer, { ok: false }>,
  evidence: Evidence,
) {
  return unknownResult(`${system}: ${answer.reason}`, {
    ...evidence,
    status: answer.status,
    error: answer.reason,
    latencyMs: answer.latencyMs,
  });
}

/** The figure first, then the runbook's expectation it missed (the tile's one line). */
export function withWhy(v: Verdict, summary: string): Verdict {
  return {
    ...v,
    why: v.ok ? summary : `${summary}; expected ${v.condition.replace(/^.*? (>=|<=) /, "$1 ")}`,
  };
}

/**
 * One request of an external adapter, the way every adapter makes it: the credential named by `tokenEnv`
 * (unknown without it), at most one request per `minIntervalSec`, a failed answer unknown with its reason.
 * `judge` turns the answer's JSON into the reading.
 */
export async function readExternal(
  ctx: ProbeContext,
  req: {
    system: string;
    tokenEnv: string;
    minIntervalSec: number;
    url: string;
    method: "GET" | "POST";
    body?: unknown;
    evidence: Evidence;
  },
  judge: (json: unknown) => ProbeResult,
): Promise<ProbeResult> {
  const token = tokenFrom(req.tokenEnv);
  if ("missing" in token) return unknownResult(`${req.system} ${token.missing}`, req.evidence);
  return throttled(ctx, req.minIntervalSec, async () => {
    const answer = await requestJson(
      req.url,
      { method: req.method, token: token.token, body: req.body },
      ctx,
    );
    if (!answer.ok) return unknownAnswer(req.system, answer, req.evidence);
    req.evidence.latencyMs = answer.latencyMs;
    return judge(answer.json);
  });
}
