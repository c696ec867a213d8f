import "server-only";
import { z } from "zod";
import type { Probe } from "@/lib/model/probe";
import { httpRequest } from "@/lib/probes/http-request";
import { parseJsonBody } from "@/lib/probes/json-body";
import { isRecord } from "@/lib/probes/json-path";
import {
  evidenceOfResponse,
  failureResult,
  finishResult,
  pathOf,
  statusVerdict,
  thresholdVerdict,
  type Verdict,
  verdict,
} from "@/lib/probes/result";
import { sourceVerdicts } from "@/lib/probes/search-sources";

const searchResponseSchema = z.looseObject({
  total: z.number(),
  products: z.array(z.unknown()).default([]),
});

/** Smoke search: total ≥ minTotal, products priced in `currency`, latency against thresholds. Value: total. */
export const probeSearch: Probe<"search"> = async (check, ctx) => {
  const res = await httpRequest({ url: check.url, signal: ctx.signal, timeoutMs: ctx.timeoutMs });
  if (!res.ok) return failureResult(res);

  const from = pathOf(res.url);
  const query = new URL(res.url).searchParams.get("q");
  const what = query === null ? `search ${from}` : `search "${query}"`;
  const evidence = evidenceOfResponse(res);
  const status = statusVerdict(res, [200]);
  const verdicts: Verdict[] = [status];
  let total: number | null = null;
  let okSummary = `${what} answered in ${res.latencyMs} ms`;

  const body = status.ok ? parseJsonBody(res) : null;
  if (body && !body.ok) verdicts.push(body.verdict);
  if (body?.ok) {
    const parsed = searchResponseSchema.safeParse(body.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const detail = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unexpected shape";
      verdicts.push(
        verdict("[BODY] is a search response", detail, false, "crit", `${what} answered ${detail}`),
      );
    } else {
      total = parsed.data.total;
      const products = parsed.data.products;
      const minOk = total >= check.minTotal;
      const why = `${what} returned total ${total} (expected ≥ ${check.minTotal})`;
      verdicts.push(verdict(`[BODY].total >= ${check.minTotal}`, String(total), minOk, "crit", why));
      if (check.currency !== undefined && (products.length > 0 || total > 0)) {
        verdicts.push(...currencyVerdicts(products, check.currency, what));
      }
      const priced = check.currency
        ? `, ${products.filter(inCurrency(check.currency)).length} of ${products.length} in ${check.currency}`
        : "";
      okSummary = `${what}: total ${total}${priced} in ${res.latencyMs} ms`;
      if (check.bySource) {
        const bySource = sourceVerdicts(products, check.bySource, check.currency, what);
        verdicts.push(...bySource.verdicts);
        if (bySource.counts) okSummary = `${what}: ${bySource.counts}${priced} in ${res.latencyMs} ms`;
      }
      evidence.products = products.length;
    }
  }

  if (check.thresholds)
    verdicts.push(thresholdVerdict("search latency", res.latencyMs, "ms", check.thresholds));
  return finishResult({
    verdicts,
    value: total,
    unit: "results",
    evidence,
    okSummary,
    gauge: { value: res.latencyMs, unit: "ms" },
  });
};

/** At least one product in the currency is required (crit); a mix of currencies is a warning. */
function currencyVerdicts(products: unknown[], currency: string, what: string): Verdict[] {
  const matching = products.filter(inCurrency(currency)).length;
  const counted = `${matching} of ${products.length}`;
  if (products.length === 0) {
    const why = `${what} reports results but lists no products to check for ${currency}`;
    return [verdict(`[BODY].products has a ${currency} price`, "no products", false, "crit", why)];
  }
  const first = products.map(currencyOf).find((c) => c?.toUpperCase() !== currency.toUpperCase());
  const seen = first === undefined ? "" : `; saw ${first ?? "no currency"}`;
  return [
    verdict(
      `[BODY].products has a ${currency} price`,
      counted,
      matching > 0,
      "crit",
      `${what} has no product priced in ${currency} (${counted}${seen})`,
    ),
    verdict(
      `[BODY].products all priced in ${currency}`,
      counted,
      matching === products.length,
      "warn",
      `${what}: only ${counted} products priced in ${currency}${seen}`,
    ),
  ];
}

function inCurrency(currency: string): (product: unknown) => boolean {
  return (product) => currencyOf(product)?.toUpperCase() === currency.toUpperCase();
}

/** `currency` on the product, or on its `price` object. */
function currencyOf(product: unknown): string | null {
  if (!isRecord(product)) return null;
  if (typeof product.currency === "string") return product.currency;
  const price = product.price;
  return isRecord(price) && typeof price.currency === "string" ? price.currency : null;
}
