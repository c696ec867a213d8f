import "server-only";
import type { Evidence, Probe, ProbeResult } from "@/lib/model/probe";
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
  withUnit,
} from "@/lib/probes/result";

/** Search → first product id → detail URL → `field` non-empty. Value: the detail request's latency in ms. */
export const probeProductDetail: Probe<"product-detail"> = async (check, ctx) => {
  const started = performance.now();
  const search = await httpRequest({ url: check.searchUrl, signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  if (!search.ok) return failureResult(search, { step: "search" });
  const searchEvidence = { step: "search", ...evidenceOfResponse(search) };

  const first = readFirstId(search);
  if (!first.ok) return stepResult(first.verdicts, searchEvidence);
  const id = first.id;

  const detailUrl = check.detailUrl.replaceAll("{id}", encodeURIComponent(id));
  if (!URL.canParse(detailUrl)) {
    return unknownResult(`detailUrl "${detailUrl}" is not an absolute URL`, {
      ...searchEvidence,
      productId: id,
    });
  }
  const remaining = Math.max(0, ctx.timeoutMs - (performance.now() - started));
  const detail = await httpRequest({ url: detailUrl, signal: ctx.signal, timeoutMs: remaining });
  const linked: Evidence = {
    searchUrl: search.url,
    searchStatus: search.status,
    searchLatencyMs: search.latencyMs,
    productId: id,
  };
  if (!detail.ok) return failureResult(detail, { ...linked, step: "detail" });

  const from = pathOf(detail.url);
  const status = statusVerdict(detail, [200]);
  const verdicts: Verdict[] = [first.verdict, status];
  let shownField = "";
  const body = status.ok ? parseJsonBody(detail) : null;
  if (body && !body.ok) verdicts.push(body.verdict);
  if (body?.ok) {
    const found = readJsonPath(body.json, check.field);
    const shown = found.found ? excerpt(JSON.stringify(found.value) ?? "undefined", 80) : "(missing)";
    const filled = found.found && isFilled(found.value);
    const state = found.found ? `${check.field} is ${shown}` : `${check.field} missing`;
    const why = `product ${id} has no ${check.field} in ${from} (${state})`;
    verdicts.push(verdict(`[BODY].${check.field} is not empty`, shown, filled, "crit", why));
    shownField = shown;
  }
  return finishResult({
    verdicts,
    value: detail.latencyMs,
    unit: "ms",
    evidence: { ...evidenceOfResponse(detail), ...linked, step: "detail" },
    okSummary: `product ${id} ${check.field} ${shownField} (detail in ${withUnit(detail.latencyMs, "ms")})`,
  });
};

type FirstId = { ok: true; id: string; verdict: Verdict } | { ok: false; verdicts: Verdict[] };

function readFirstId(search: HttpResponse): FirstId {
  const status = statusVerdict(search, [200]);
  if (!status.ok) return { ok: false, verdicts: [status] };
  const body = parseJsonBody(search);
  if (!body.ok) return { ok: false, verdicts: [body.verdict] };
  const found = readJsonPath(body.json, "products.0.id");
  const raw = found.found ? found.value : undefined;
  const id = typeof raw === "string" || typeof raw === "number" ? String(raw) : "";
  const shown = found.found ? excerpt(JSON.stringify(raw) ?? "undefined", 80) : "(missing)";
  const state = found.found ? `products.0.id is ${shown}` : "products.0.id missing";
  const why = `search ${pathOf(search.url)} returned no product id (${state})`;
  const v = verdict("[SEARCH].products.0.id exists", shown, id !== "", "crit", why);
  return id === "" ? { ok: false, verdicts: [v] } : { ok: true, id, verdict: v };
}

function stepResult(verdicts: Verdict[], evidence: Evidence): ProbeResult {
  return finishResult({ verdicts, value: null, unit: "ms", evidence, okSummary: "search step failed" });
}

function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
