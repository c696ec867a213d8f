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
  type Verdict,
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
  const bad = "verdict" in started ? started.verdict : "verdict" in completed ? completed.verdict : null;
  if (bad) return finishResult({ verdicts: [bad], value: null, unit: null, evidence, okSummary: bad.why });
  const at = (t: { at: number | null }) => (t.at === null ? null : new Date(t.at).toISOString());
  const judged = judgeRun({
    name: check.name,
    startedAt: "at" in started ? started.at : null,
    completedAt: "at" in completed ? completed.at : null,
    maxMinutes: check.maxMinutes,
    now: ctx.now(),
  });
  return fromVerdict(judged, {
    ...evidence,
    startedAt: "at" in started ? at(started) : null,
    completedAt: "at" in completed ? at(completed) : null,
  });
};

/**
 * Epoch ms of a timestamp field (ISO text, or seconds / ms since the epoch); null when it is null (none yet).
 * A missing field is unknown (the service does not report it: no run can be judged), garbage is crit.
 */
function readTime(json: unknown, path: string, from: string): { at: number | null } | { verdict: Verdict } {
  const f = readJsonPath(json, path);
  if (!f.found) {
    const why = `${path} missing from ${from}: the service does not report it`;
    return { verdict: verdict(`[BODY].${path} exists`, "(missing)", false, "unknown", why) };
  }
  const raw = f.value;
  if (raw === null) return { at: null };
  const at =
    typeof raw === "number" ? raw * (raw < 1e12 ? 1000 : 1) : typeof raw === "string" ? Date.parse(raw) : NaN;
  if (Number.isFinite(at)) return { at };
  const shown = excerpt(JSON.stringify(raw) ?? String(raw), 80);
  const why = `${path} in ${from} is ${shown}, not a timestamp`;
  return { verdict: verdict(`[BODY].${path} is a timestamp`, shown, false, "crit", why) };
}
