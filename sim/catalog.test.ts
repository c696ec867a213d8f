import { describe, expect, it } from "vitest";
import { CATALOG, findProduct, listProducts, MAX_LIMIT, SEARCH_TOTAL_SCALE, searchCatalog } from "./catalog";

describe("searchCatalog", () => {
  it.each([
    { q: "laptop", limit: 3, matches: 7, returned: 3 },
    { q: "LAPTOP", limit: 100, matches: 7, returned: 7 },
    { q: "iphone", limit: 5, matches: 3, returned: 3 },
    // Substring matching, as the real search does: "phone" also finds headphones.
    { q: "phone", limit: 1, matches: 8, returned: 1 },
    { q: "  apple   laptop ", limit: 10, matches: 1, returned: 1 },
    { q: "galaxy tablet", limit: 10, matches: 1, returned: 1 },
    { q: "", limit: 10, matches: CATALOG.length, returned: 10 },
    { q: "zzz-nothing", limit: 10, matches: 0, returned: 0 },
    { q: "laptop", limit: 0, matches: 7, returned: 0 },
    { q: "", limit: 10_000, matches: CATALOG.length, returned: CATALOG.length },
  ])("q=$q limit=$limit -> $matches matches, $returned returned", ({ q, limit, matches, returned }) => {
    const result = searchCatalog(q, limit);
    expect(result.total).toBe(matches * SEARCH_TOTAL_SCALE);
    expect(result.products).toHaveLength(returned);
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    for (const p of result.products) {
      for (const w of words) expect(p.name.toLowerCase()).toContain(w);
      expect(p.currency).toBe("USD");
    }
  });

  it("finds the runbook's affiliate test product by name", () => {
    expect(searchCatalog("iphone 13", 1).products[0]?.asin).toBe("B09G9HDHJT");
  });
});

describe("catalogue data", () => {
  it("has unique ids and ASINs, USD prices above zero", () => {
    expect(new Set(CATALOG.map((p) => p.id)).size).toBe(CATALOG.length);
    expect(new Set(CATALOG.map((p) => p.asin)).size).toBe(CATALOG.length);
    for (const p of CATALOG) expect(p.price).toBeGreaterThan(0);
  });
});

describe("listProducts / findProduct", () => {
  it.each([
    [1, 1],
    [5, 5],
    [MAX_LIMIT, CATALOG.length],
    [2.7, 2],
  ])("listProducts(%s) returns %s", (limit, n) => {
    expect(listProducts(limit)).toHaveLength(n);
  });

  it.each([
    ["bw-1001", "Apple iPhone 13 128GB Smartphone"],
    ["bw-1020", "Anker 737 Power Bank for Phone and Laptop"],
    ["bw-9999", undefined],
    ["", undefined],
  ])("findProduct(%s)", (id, name) => {
    expect(findProduct(id)?.name).toBe(name);
  });
});
