import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { checkSchema } from "@/lib/model/runbook-schema";
import { closedPort, type LocalServer, startHttpServer } from "@/test/support/local-server";

const PRODUCTS: Record<string, unknown> = {
  "bw-1001": { id: "bw-1001", name: "Pixel 8", price: 699, currency: "USD" },
  "bw-blank": { id: "bw-blank", name: "  ", price: 1 },
  "bw-null": { id: "bw-null", name: null },
  "bw-noname": { id: "bw-noname", price: 1 },
  "a b/c": { id: "a b/c", name: "Encoded" },
  "42": { id: 42, name: "Numeric id" },
};
const SEARCHES: Record<string, unknown> = {
  ok: { total: 1, products: [{ id: "bw-1001" }] },
  blank: { total: 1, products: [{ id: "bw-blank" }] },
  null: { total: 1, products: [{ id: "bw-null" }] },
  noname: { total: 1, products: [{ id: "bw-noname" }] },
  gone: { total: 1, products: [{ id: "bw-gone" }] },
  encoded: { total: 1, products: [{ id: "a b/c" }] },
  numeric: { total: 1, products: [{ id: 42 }] },
  empty: { total: 0, products: [] },
};

let server: LocalServer;
const seen: string[] = [];
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    seen.push(url.pathname);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (url.pathname === "/api/search")
      return json(200, SEARCHES[url.searchParams.get("q") ?? ""] ?? SEARCHES.empty);
    if (url.pathname === "/api/search-down") return json(503, { status: "error" });
    if (url.pathname.startsWith("/api/products/")) {
      const id = decodeURIComponent(url.pathname.slice("/api/products/".length));
      const product = PRODUCTS[id];
      return product ? json(200, product) : json(404, { detail: "Product not found" });
    }
    if (url.pathname.startsWith("/html/"))
      return res.writeHead(200, { "content-type": "text/html" }).end("<h1>Hi</h1>");
    json(404, { detail: "Not Found" });
  });
});
afterAll(() => server.close());

type Case = { name: string; search: string; detail?: string; level: string; summary: RegExp | string };
const CASES: Case[] = [
  {
    name: "product has a name",
    search: "/api/search?q=ok",
    level: "ok",
    summary: /^product bw-1001 name "Pixel 8" \(detail in [\d.]+ ms\)$/,
  },
  {
    name: "blank name",
    search: "/api/search?q=blank",
    level: "crit",
    summary: 'product bw-blank has no name in /api/products/bw-blank (name is " ")',
  },
  {
    name: "null name",
    search: "/api/search?q=null",
    level: "crit",
    summary: "product bw-null has no name in /api/products/bw-null (name is null)",
  },
  {
    name: "missing name",
    search: "/api/search?q=noname",
    level: "crit",
    summary: "product bw-noname has no name in /api/products/bw-noname (name missing)",
  },
  {
    name: "detail 404",
    search: "/api/search?q=gone",
    level: "crit",
    summary: "HTTP 404 from /api/products/bw-gone (expected 200)",
  },
  {
    name: "id is URL-encoded",
    search: "/api/search?q=encoded",
    level: "ok",
    summary: /^product a b\/c name "Encoded"/,
  },
  {
    name: "numeric id",
    search: "/api/search?q=numeric",
    level: "ok",
    summary: /^product 42 name "Numeric id"/,
  },
  {
    name: "search has no product",
    search: "/api/search?q=empty",
    level: "crit",
    summary: "search /api/search returned no product id (products.0.id missing)",
  },
  {
    name: "search fails",
    search: "/api/search-down?q=ok",
    level: "crit",
    summary: "HTTP 503 from /api/search-down (expected 200)",
  },
  {
    name: "detail is HTML",
    search: "/api/search?q=ok",
    detail: "/html/{id}",
    level: "crit",
    summary: "expected JSON, got text/html: <h1>Hi</h1>",
  },
  {
    name: "detail URL not absolute",
    search: "/api/search?q=ok",
    detail: "products/{id}",
    level: "unknown",
    summary: 'detailUrl "products/bw-1001" is not an absolute URL',
  },
];

describe("product-detail probe", () => {
  it.each(CASES)("$name → $level", async ({ search, detail, level, summary }) => {
    const detailUrl = detail?.startsWith("/")
      ? `${server.url}${detail}`
      : (detail ?? `${server.url}/api/products/{id}`);
    const check = checkSchema.parse({
      id: "p",
      label: "p",
      kind: "product-detail",
      searchUrl: `${server.url}${search}`,
      detailUrl,
    });
    const reading = await runProbe(check, { timeoutMs: 3000, state: new Map() });
    expect(reading.level).toBe(level);
    if (typeof summary === "string") expect(reading.summary).toBe(summary);
    else expect(reading.summary).toMatch(summary);
  });

  it("reports the detail latency as its value with both steps in evidence", async () => {
    seen.length = 0;
    const check = checkSchema.parse({
      id: "p",
      label: "p",
      kind: "product-detail",
      searchUrl: `${server.url}/api/search?q=ok`,
      detailUrl: `${server.url}/api/products/{id}`,
    });
    const reading = await runProbe(check, { timeoutMs: 3000, state: new Map() });
    expect(seen).toEqual(["/api/search", "/api/products/bw-1001"]);
    expect(reading).toMatchObject({ level: "ok", unit: "ms", value: reading.evidence.latencyMs });
    expect(reading.evidence).toMatchObject({
      url: `${server.url}/api/products/bw-1001`,
      status: 200,
      searchUrl: `${server.url}/api/search?q=ok`,
      searchStatus: 200,
      productId: "bw-1001",
    });
  });

  it("reports a refused search as crit", async () => {
    const port = await closedPort();
    const check = checkSchema.parse({
      id: "p",
      label: "p",
      kind: "product-detail",
      searchUrl: `http://127.0.0.1:${port}/api/search?q=ok`,
      detailUrl: `http://127.0.0.1:${port}/api/products/{id}`,
    });
    const reading = await runProbe(check, { timeoutMs: 3000, state: new Map() });
    expect(reading).toMatchObject({ level: "crit", summary: `connection refused by 127.0.0.1:${port}` });
    expect(reading.evidence.step).toBe("search");
  });
});
