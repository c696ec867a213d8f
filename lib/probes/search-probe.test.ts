import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { checkSchema } from "@/lib/model/runbook-schema";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";

const usd = (id: string) => ({ id, name: `Laptop ${id}`, price: 799, currency: "USD" });
const RESULTS: Record<string, unknown> = {
  laptop: { total: 3000, products: [usd("bw-1"), usd("bw-2"), usd("bw-3")] },
  nothing: { total: 0, products: [] },
  mixed: { total: 3000, products: [usd("bw-1"), { ...usd("bw-2"), currency: "SGD" }, usd("bw-3")] },
  sgd: {
    total: 2000,
    products: [
      { ...usd("bw-1"), currency: "SGD" },
      { ...usd("bw-2"), currency: "SGD" },
    ],
  },
  nested: { total: 1000, products: [{ id: "bw-9", price: { amount: 5, currency: "usd" } }] },
  unpriced: { total: 1000, products: [{ id: "bw-9", name: "x" }] },
  "bad-total": { total: "many", products: [] },
  unlisted: { total: 5, products: [] },
  "no-products-key": { total: 5 },
  retailers: {
    total: 4000,
    products: [
      { ...usd("bw-1"), retailer: "amazon" },
      { ...usd("bw-2"), retailer: "walmart" },
      { ...usd("bw-3"), retailer: "walmart" },
      { ...usd("bw-4"), retailer: "bestbuy" },
    ],
  },
  "no-amazon": {
    total: 2000,
    products: [
      { ...usd("bw-2"), retailer: "walmart" },
      { ...usd("bw-4"), retailer: "bestbuy" },
    ],
  },
  "walmart-sgd": {
    total: 3000,
    products: [
      { ...usd("bw-1"), retailer: "amazon" },
      { ...usd("bw-2"), retailer: "walmart", currency: "SGD", price: 1079 },
      { ...usd("bw-3"), retailer: "walmart", currency: "SGD", price: 1079 },
    ],
  },
  "target-free": {
    total: 2000,
    products: [
      { ...usd("bw-1"), retailer: "amazon" },
      { ...usd("bw-5"), retailer: "target", price: 0 },
    ],
  },
};

let server: LocalServer;
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const q = url.searchParams.get("q") ?? "";
    const send = () => {
      if (url.pathname === "/down")
        return res.writeHead(500, { "content-type": "application/json" }).end("{}");
      if (url.pathname === "/html")
        return res.writeHead(200, { "content-type": "text/html" }).end("<html>oops</html>");
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(RESULTS[q] ?? RESULTS.nothing));
    };
    if (url.pathname === "/slow") setTimeout(send, 150);
    else send();
  });
});
afterAll(() => server.close());

type Case = {
  name: string;
  path: string;
  extra?: Record<string, unknown>;
  level: string;
  summary: RegExp | string;
  value?: number | null;
};

const CASES: Case[] = [
  {
    name: "results in USD",
    path: "/v1/search?q=laptop",
    level: "ok",
    summary: /^search "laptop": total 3000, 3 of 3 in USD in [\d.]+ ms$/,
    value: 3000,
  },
  {
    name: "no results",
    path: "/v1/search?q=nothing",
    level: "crit",
    summary: 'search "nothing" returned total 0 (expected ≥ 1)',
    value: 0,
  },
  {
    name: "minTotal not reached",
    path: "/v1/search?q=laptop",
    extra: { minTotal: 5000 },
    level: "crit",
    summary: 'search "laptop" returned total 3000 (expected ≥ 5000)',
  },
  {
    name: "some products in another currency",
    path: "/v1/search?q=mixed",
    level: "warn",
    summary: 'search "mixed": only 2 of 3 products priced in USD; saw SGD',
  },
  {
    name: "no product in the currency",
    path: "/v1/search?q=sgd",
    level: "crit",
    summary: 'search "sgd" has no product priced in USD (0 of 2; saw SGD)',
  },
  {
    name: "currency on a price object",
    path: "/v1/search?q=nested",
    level: "ok",
    summary: /total 1000, 1 of 1 in USD/,
  },
  {
    name: "products without currency",
    path: "/v1/search?q=unpriced",
    level: "crit",
    summary: 'search "unpriced" has no product priced in USD (0 of 1; saw no currency)',
  },
  {
    name: "total that is not a number",
    path: "/v1/search?q=bad-total",
    level: "crit",
    summary: /^search "bad-total" answered total: .*number/,
  },
  {
    name: "total without listed products",
    path: "/v1/search?q=unlisted",
    level: "crit",
    summary: 'search "unlisted" reports results but lists no products to check for USD',
  },
  {
    name: "no products key",
    path: "/v1/search?q=no-products-key",
    level: "crit",
    summary: /lists no products/,
  },
  {
    name: "no currency required",
    path: "/v1/search?q=sgd",
    extra: { currency: undefined },
    level: "ok",
    summary: /^search "sgd": total 2000 in/,
  },
  {
    name: "server error",
    path: "/down?q=laptop",
    level: "crit",
    summary: "HTTP 500 from /down (expected 200)",
    value: null,
  },
  {
    name: "HTML instead of JSON",
    path: "/html?q=laptop",
    level: "crit",
    summary: "expected JSON, got text/html: <html>oops</html>",
  },
  {
    name: "slow search",
    path: "/slow?q=laptop",
    extra: { thresholds: { direction: "above", warn: 100, crit: 2000 } },
    level: "warn",
    summary: /^search latency 1\d\d(\.\d)? ms > 100 ms \(warning\)$/,
    value: 3000,
  },
  {
    name: "fast search within thresholds",
    path: "/v1/search?q=laptop",
    extra: { thresholds: { direction: "above", warn: 1000, crit: 2000 } },
    level: "ok",
    summary: /^search "laptop": total 3000/,
  },
];

const BY_SOURCE = { bySource: { require: ["amazon"], pricing: true } };
CASES.push(
  {
    name: "every source present and priced in USD",
    path: "/v1/search?q=retailers",
    extra: BY_SOURCE,
    level: "ok",
    summary: /^search "retailers": amazon 1, bestbuy 1, walmart 2, 4 of 4 in USD in [\d.]+ ms$/,
  },
  {
    name: "Amazon results missing",
    path: "/v1/search?q=no-amazon",
    extra: BY_SOURCE,
    level: "crit",
    summary: 'search "no-amazon": no amazon product among 2 results (bestbuy 1, walmart 1)',
  },
  {
    name: "USD pricing wrong on one source",
    path: "/v1/search?q=walmart-sgd",
    extra: BY_SOURCE,
    level: "crit",
    summary: 'search "walmart-sgd": walmart pricing wrong — 2 of 2 not a positive USD price (saw SGD)',
  },
  {
    name: "a zero price on one source",
    path: "/v1/search?q=target-free",
    extra: BY_SOURCE,
    level: "crit",
    summary:
      'search "target-free": target pricing wrong — 1 of 1 not a positive USD price (saw USD; 1 without a positive price)',
  },
);

describe("search probe", () => {
  it("refuses per-source pricing without a currency", () => {
    const parsed = checkSchema.safeParse({
      id: "s",
      label: "s",
      kind: "search",
      url: "http://127.0.0.1:1/v1/search?q=x",
      bySource: { pricing: true },
    });
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/set currency/);
  });

  it.each(CASES)("$name → $level", async ({ path, extra, level, summary, value }) => {
    const check = checkSchema.parse({
      id: "s",
      label: "s",
      kind: "search",
      url: `${server.url}${path}`,
      currency: "USD",
      ...extra,
    });
    const reading = await runProbe(check, { timeoutMs: 3000, state: new Map() });
    expect(reading.level).toBe(level);
    if (typeof summary === "string") expect(reading.summary).toBe(summary);
    else expect(reading.summary).toMatch(summary);
    if (value !== undefined) expect(reading.value).toBe(value);
    expect(reading.unit).toBe("results");
    expect(reading.evidence).toMatchObject({ url: `${server.url}${path}`, latencyMs: expect.any(Number) });
  });
});
