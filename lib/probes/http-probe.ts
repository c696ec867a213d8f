import "server-only";
import type { Probe } from "@/lib/model/probe";
import { redactUrl } from "@/lib/model/redact";
import { httpRequest } from "@/lib/probes/http-request";
import { evaluateJsonAssertion } from "@/lib/probes/json-assertion";
import { parseJsonBody } from "@/lib/probes/json-body";
import { readJsonPath } from "@/lib/probes/json-path";
import {
  evidenceOfResponse,
  excerpt,
  failureResult,
  finishResult,
  pathOf,
  statusVerdict,
  thresholdVerdict,
  unknownResult,
  type Verdict,
  verdict,
  withUnit,
} from "@/lib/probes/result";

/** Status, JSON assertions, body keyword and a value (a JSON field, or latency in ms) against thresholds. */
export const probeHttp: Probe<"http"> = async (check, ctx) => {
  if (check.unavailable) return unknownResult(check.unavailable, { url: redactUrl(check.url) });
  const res = await httpRequest({
    url: check.url,
    method: check.method,
    headers: check.headers,
    body: check.method === "POST" ? check.body : undefined,
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  });
  if (!res.ok) return failureResult(res);

  const from = pathOf(res.url);
  const status = statusVerdict(res, check.expectStatus);
  const verdicts: Verdict[] = [status];
  let value: number | string | null = check.value ? null : res.latencyMs;
  const unit = check.value ? check.value.unit : "ms";

  if (status.ok && (check.json.length > 0 || check.value || check.bodyContains !== undefined)) {
    if (check.method === "HEAD") {
      const why = "check asks for body conditions but uses HEAD, which has no body";
      verdicts.push(verdict("[METHOD] returns a body", "HEAD", false, "unknown", why));
    } else {
      if (check.bodyContains !== undefined) {
        const want = check.bodyContains;
        const has = res.body.includes(want);
        const why = `body of ${from} does not contain "${excerpt(want, 60)}"`;
        verdicts.push(verdict(`[BODY] contains "${want}"`, has ? "found" : "not found", has, "crit", why));
      }
      if (check.json.length > 0 || check.value) {
        const body = parseJsonBody(res);
        if (!body.ok) {
          verdicts.push(body.verdict);
        } else {
          for (const assertion of check.json)
            verdicts.push(evaluateJsonAssertion(body.json, assertion, from));
          if (check.value) {
            const read = deriveValue(body.json, check.value, from, check.thresholds !== undefined, ctx.now());
            value = read.value;
            if (read.verdict) verdicts.push(read.verdict);
          }
        }
      }
    }
  }

  if (check.thresholds && typeof value === "number") {
    verdicts.push(thresholdVerdict(check.value?.path ?? "latency", value, unit, check.thresholds));
  }

  const shown = typeof value === "number" ? withUnit(value, unit) : String(value);
  return finishResult({
    verdicts,
    value,
    unit,
    evidence: evidenceOfResponse(res),
    okSummary: check.value
      ? `${check.value.path} ${shown} from ${from}`
      : `HTTP ${res.status} from ${from} in ${shown}`,
  });
};

const AGE_UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000 } as const;

type ValueSpec = { path: string; of?: string; age?: keyof typeof AGE_UNIT_MS };

/** The tile's number: the field itself, its percentage of another field, or the age of a timestamp. */
function deriveValue(
  json: unknown,
  spec: ValueSpec,
  from: string,
  needsNumber: boolean,
  nowMs: number,
): { value: number | string | null; verdict?: Verdict } {
  if (spec.age) {
    // The oldest of them when the path names every element of a list (`sources[*].last_run`).
    let oldest = Number.POSITIVE_INFINITY;
    for (const field of readFields(json, spec.path)) {
      const raw = field.found ? field.value : undefined;
      const at =
        typeof raw === "number"
          ? raw * (raw < 1e12 ? 1000 : 1)
          : typeof raw === "string"
            ? Date.parse(raw)
            : NaN;
      if (!Number.isFinite(at)) {
        const shown = field.found ? excerpt(JSON.stringify(raw) ?? String(raw), 80) : "(missing)";
        const why = `${field.where} in ${from} is ${shown}, not a timestamp`;
        return {
          value: null,
          verdict: verdict(`[BODY].${spec.path} is a timestamp`, shown, false, "crit", why),
        };
      }
      oldest = Math.min(oldest, at);
    }
    return { value: Math.round(((nowMs - oldest) / AGE_UNIT_MS[spec.age]) * 100) / 100 };
  }
  const read = readValue(json, spec.path, from, needsNumber || spec.of !== undefined);
  if (!spec.of || typeof read.value !== "number") return read;
  const whole = readValue(json, spec.of, from, true);
  if (typeof whole.value !== "number") return whole;
  if (whole.value === 0) {
    const why = `${spec.of} is 0 in ${from}: no percentage of it`;
    return { value: null, verdict: verdict(`[BODY].${spec.of} > 0`, "0", false, "unknown", why) };
  }
  return { value: Math.round((read.value / whole.value) * 10_000) / 100 };
}

function readValue(
  json: unknown,
  path: string,
  from: string,
  needsNumber: boolean,
): { value: number | string | null; verdict?: Verdict } {
  const found = readJsonPath(json, path);
  if (!found.found) {
    return {
      value: null,
      verdict: verdict(`[BODY].${path} exists`, "(missing)", false, "crit", `${path} missing from ${from}`),
    };
  }
  const raw = found.value;
  if (typeof raw === "number" && Number.isFinite(raw)) return { value: raw };
  if (typeof raw === "string" && raw.trim() !== "" && Number.isFinite(Number(raw)))
    return { value: Number(raw) };
  const shown = excerpt(JSON.stringify(raw) ?? String(raw), 80);
  if (!needsNumber) return { value: typeof raw === "string" ? raw : shown };
  const why = `${path} is ${shown} in ${from}, not a number`;
  return { value: null, verdict: verdict(`[BODY].${path} is a number`, shown, false, "crit", why) };
}

/** The field at `path`, or, with `[*]` in it, that field of every element of the list (none: missing). */
function readFields(json: unknown, path: string): { where: string; found: boolean; value: unknown }[] {
  const star = path.indexOf("[*]");
  if (star < 0) {
    const f = readJsonPath(json, path);
    return [{ where: path, found: f.found, value: f.found ? f.value : undefined }];
  }
  const head = path.slice(0, star);
  const tail = path.slice(star + 3).replace(/^\./, "");
  const list = readJsonPath(json, head);
  if (!list.found || !Array.isArray(list.value) || list.value.length === 0) {
    return [{ where: head || "the body", found: false, value: undefined }];
  }
  return list.value.map((element, i) => {
    const f = readJsonPath(element, tail);
    const where = [head, String(i), tail].filter(Boolean).join(".");
    return { where, found: f.found, value: f.found ? f.value : undefined };
  });
}
