import "server-only";
import { isRecord } from "@/lib/probes/json-path";
import { type Verdict, verdict } from "@/lib/probes/result";

export type BySource = { field: string; require: string[]; pricing: boolean };

type Priced = { source: string; currency: string | null; price: number | null };

/**
 * The results judged per source (incident §1 P2): a required source with no product among them, and a
 * source whose products are not all priced in `currency` at a positive price, each a crit naming the
 * source. A product without the source field counts under "(no <field>)".
 */
export function sourceVerdicts(
  products: readonly unknown[],
  by: BySource,
  currency: string | undefined,
  what: string,
): { verdicts: Verdict[]; counts: string } {
  const priced = products.map((p) => pricedOf(p, by.field));
  const bySource = new Map<string, Priced[]>();
  for (const p of priced) bySource.set(p.source, [...(bySource.get(p.source) ?? []), p]);
  const counts = [...bySource]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, list]) => `${source} ${list.length}`)
    .join(", ");
  const verdicts: Verdict[] = [];
  for (const source of by.require) {
    const n = bySource.get(source)?.length ?? 0;
    const among = products.length ? ` among ${products.length} results (${counts})` : " (no products listed)";
    verdicts.push(
      verdict(
        `[BODY].products has a ${source} product`,
        String(n),
        n > 0,
        "crit",
        `${what}: no ${source} product${among}`,
      ),
    );
  }
  if (by.pricing && currency !== undefined) {
    for (const [source, list] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
      const wrong = list.filter((p) => !pricedIn(p, currency));
      const seen = [...new Set(wrong.map((p) => p.currency ?? "no currency"))].join(", ");
      const badPrice = wrong.filter((p) => p.price === null || p.price <= 0).length;
      const detail = `${wrong.length} of ${list.length} not a positive ${currency} price (saw ${seen}${badPrice ? `; ${badPrice} without a positive price` : ""})`;
      verdicts.push(
        verdict(
          `${source} products priced in ${currency}`,
          `${list.length - wrong.length} of ${list.length}`,
          wrong.length === 0,
          "crit",
          `${what}: ${source} pricing wrong — ${detail}`,
        ),
      );
    }
  }
  return { verdicts, counts };
}

function pricedIn(p: Priced, currency: string): boolean {
  return p.currency?.toUpperCase() === currency.toUpperCase() && p.price !== null && p.price > 0;
}

/** Source, currency and price of a product (`price` a number, or an object with amount/value and currency). */
function pricedOf(product: unknown, field: string): Priced {
  if (!isRecord(product)) return { source: `(no ${field})`, currency: null, price: null };
  const raw = product[field];
  const source = typeof raw === "string" && raw !== "" ? raw : `(no ${field})`;
  const price = product.price;
  if (isRecord(price)) {
    const amount =
      typeof price.amount === "number" ? price.amount : typeof price.value === "number" ? price.value : null;
    const cur =
      typeof price.currency === "string"
        ? price.currency
        : typeof product.currency === "string"
          ? product.currency
          : null;
    return { source, currency: cur, price: amount };
  }
  return {
    source,
    currency: typeof product.currency === "string" ? product.currency : null,
    price: typeof price === "number" && Number.isFinite(price) ? price : null,
  };
}
