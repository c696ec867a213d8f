import "server-only";
import type { Probe, ProbeResult } from "@/lib/model/probe";
import { redactUrl } from "@/lib/model/redact";
import { type HttpResponse, httpRequest } from "@/lib/probes/http-request";
import { parseJsonBody } from "@/lib/probes/json-body";
import { readJsonPath } from "@/lib/probes/json-path";
import {
  evidenceOfResponse,
  excerpt,
  failureResult,
  finishResult,
  pathOf,
  statusVerdict,
  unknownResult,
  verdict,
} from "@/lib/probes/result";
import { judgeRepeat, judgeRun, type PairVerdict } from "@/lib/rules/http-pair";

const fromVerdict = (v: PairVerdict, evidence: ProbeResult["evidence"]): ProbeResult => ({ ...v, evidence });

/** The same request twice, one after the other; the second's time against the first's (a cache answering). */
export const probeHttpRepeat: Probe<"http-repeat"> = async (check, ctx) => {
  if (check.unavailable) return unknownResult(check.unavailable, { url: redactUrl(check.url) });
  const started = performance.now();
  const send = () =>
    httpRequest({
      url: check.url,
      method: check.method,
      headers: check.headers,
      body: check.method === "POST" ? check.body : undefined,
      signal: ctx.signal,
      // Both calls share the check's deadline.
      timeoutMs: Math.max(1, ctx.timeoutMs - (performance.now() - started)),
    });
  const first = await send();
  if (!first.ok) return failureResult(first, { call: "first" });
  const firstStatus = statusVerdict(first, check.expectStatus);
  if (!firstStatus.ok) return statusResult(first, firstStatus, "first");
  const second = await send();
  if (!second.ok) return failureResult(second, { call: "second", firstMs: first.latencyMs });
  const secondStatus = statusVerdict(second, check.expectStatus);
  if (!secondStatus.ok) return statusResult(second, secondStatus, "second");
  const judged = judgeRepeat({
    firstMs: first.latencyMs,
    secondMs: second.latencyMs,
    fastMs: check.fastMs,
    thresholds: check.thresholds,
    from: pathOf(first.url),
  });
  return fromVerdict(judged, {
    ...evidenceOfResponse(second),
    firstMs: first.latencyMs,
    secondMs: second.latencyMs,
  });
};

function statusResult(res: HttpResponse, status: ReturnType<typeof statusVerdict>, call: string) {
  return finishResult({
    verdicts: [{ ...status, why: `${call} call: ${status.why}` }],
    value: null,
    unit: null,
    evidence: { ...evidenceOfResponse(res), call },
    okSummary: status.why,
  });
}

/** A job's newest start and completion from one JSON answer: a start not completed within the limit is hung. */
export const probeHttpRun: Probe<"http-run"> = async (check, ctx) => {
  if (check.unavailable) return unknownResult(check.unavailable, { url: redactUrl(check.url) });
  const res = await httpRequest({
    url: check.url,
    headers: check.headers,
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  });
  if (!res.ok) return failureResult(res);
  const from = pathOf(res.url);
  const evidence = evidenceOfResponse(res);
  const status = statusVerdict(res, check.expectStatus);
  const body = status.ok ? parseJsonBody(res) : null;
  if (!body?.ok) {
    return finishResult({
      verdicts: [body && !body.ok ? body.verdict : status],
      value: null,
      unit: null,
      evidence,
      okSummary: status.why,
    });
  }
  const started = readTime(body.json, check.startedPath, from);
  const completed = readTime(body.json, check.completedPath, from);
  if (typeof started === "string" || typeof completed === "string") {
    const why = typeof started === "string" ? started : String(completed);
    return finishResult({
      verdicts: [verdict("[BODY] timestamps", why, false, "crit", why)],
      value: null,
      unit: null,
      evidence,
      okSummary: why,
    });
  }
  const judged = judgeRun({
    name: check.name,
    startedAt: started,
    completedAt: completed,
    maxMinutes: check.maxMinutes,
    now: ctx.now(),
  });
  return fromVerdict(judged, {
    ...evidence,
    startedAt: started === null ? null : new Date(started).toISOString(),
    completedAt: completed === null ? null : new Date(completed).toISOString(),
  });
};

/** Epoch ms of a timestamp field (ISO text, or seconds / ms since the epoch); null when absent; text: why not. */
function readTime(json: unknown, path: string, from: string): number | null | string {
  const f = readJsonPath(json, path);
  if (!f.found || f.value === null) return null;
  const raw = f.value;
  const at =
    typeof raw === "number" ? raw * (raw < 1e12 ? 1000 : 1) : typeof raw === "string" ? Date.parse(raw) : NaN;
  if (Number.isFinite(at)) return at;
  return `${path} in ${from} is ${excerpt(JSON.stringify(raw) ?? String(raw), 80)}, not a timestamp`;
}
