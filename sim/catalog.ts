/** The small fixed catalogue behind search, listing and detail; totals are scaled up to look real. */
export type Product = {
  id: string;
  name: string;
  price: number;
  /** USD, except under the pricing-wrong fault. */
  currency: string;
  retailer: string;
  asin: string;
};

export const TOTAL_PRODUCTS = 1_342_817;

/** Each catalogue match stands for this many products of the real catalogue. */
export const SEARCH_TOTAL_SCALE = 1000;

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

const usd = (id: string, name: string, price: number, retailer: string, asin: string): Product => ({
  id,
  name,
  price,
  currency: "USD",
  retailer,
  asin,
});

export const CATALOG: readonly Product[] = [
  usd("bw-1001", "Apple iPhone 13 128GB Smartphone", 799, "amazon", "B09G9HDHJT"),
  usd("bw-1002", "Apple iPhone 15 Pro 256GB Smartphone", 1099, "amazon", "B0CHX1W1XY"),
  usd("bw-1003", "Samsung Galaxy S24 Ultra Smartphone", 1299.99, "bestbuy", "B0CMDRCZBJ"),
  usd("bw-1004", "Google Pixel 8 Pro Phone", 999, "target", "B0CGTD4BGZ"),
  usd("bw-1005", "Motorola Moto G Power Phone 2024", 199.99, "walmart", "B0CQPQFH3M"),
  usd("bw-1006", "Apple MacBook Air 13-inch M3 Laptop", 1099, "amazon", "B0CX23V2ZK"),
  usd("bw-1007", "Dell XPS 13 Laptop Intel Core Ultra 7", 1299, "bestbuy", "B0CRDCWK4H"),
  usd("bw-1008", "Lenovo ThinkPad X1 Carbon Gen 11 Laptop", 1649, "amazon", "B0C3RRQK9Z"),
  usd("bw-1009", "HP Pavilion 15 Laptop", 579.99, "walmart", "B0BSLC8P7W"),
  usd("bw-1010", "ASUS ROG Zephyrus G14 Gaming Laptop", 1599.99, "bestbuy", "B0CRDDKFPJ"),
  usd("bw-1011", "Acer Chromebook Plus 515 Laptop", 399, "target", "B0CHN9Z2GV"),
  usd("bw-1012", "Apple iPad Air 11-inch Tablet", 599, "amazon", "B0D3J6L2XF"),
  usd("bw-1013", "Samsung Galaxy Tab S9 Tablet", 799.99, "bestbuy", "B0C6VF1Q6X"),
  usd("bw-1014", "Sony WH-1000XM5 Wireless Headphones", 399.99, "amazon", "B09XS7JWHH"),
  usd("bw-1015", "Apple AirPods Pro 2nd Generation", 249, "target", "B0CHWRXH8B"),
  usd("bw-1016", "Bose QuietComfort Ultra Earbuds", 299, "walmart", "B0CD2FSRDD"),
  usd("bw-1017", "Apple Watch Series 9 GPS 45mm", 429, "amazon", "B0CHX7R6WJ"),
  usd("bw-1018", "Samsung 55-inch Class QLED 4K Smart TV", 549.99, "bestbuy", "B0BVMXYQ3M"),
  usd("bw-1019", "LG UltraGear 27-inch Gaming Monitor", 299.99, "amazon", "B0BCJ2T5BG"),
  usd("bw-1020", "Anker 737 Power Bank for Phone and Laptop", 109.99, "amazon", "B09VPHVT2Z"),
  // A second retailer for iPhones, so a search for one still answers when Amazon's listings drop out.
  usd("bw-1021", "Apple iPhone 15 128GB Smartphone", 829, "bestbuy", "B0CHX3QBCH"),
];

export type SearchResult = { total: number; products: Product[] };

/** Products whose name contains every word of `q`, case-insensitively; an empty `q` matches all. */
export function searchCatalog(q: string, limit: number, catalog: readonly Product[] = CATALOG): SearchResult {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = catalog.filter((p) => {
    const name = p.name.toLowerCase();
    return words.every((w) => name.includes(w));
  });
  return { total: matches.length * SEARCH_TOTAL_SCALE, products: matches.slice(0, clampLimit(limit)) };
}

export function listProducts(limit: number, catalog: readonly Product[] = CATALOG): Product[] {
  return catalog.slice(0, clampLimit(limit));
}

export function findProduct(id: string, catalog: readonly Product[] = CATALOG): Product | undefined {
  return catalog.find((p) => p.id === id);
}

function clampLimit(limit: number): number {
  return Math.max(0, Math.min(MAX_LIMIT, Math.floor(limit)));
}

/** The Walmart feed's prices under `pricing-wrong`: Singapore dollars, as a source whose conversion broke. */
export const WRONG_PRICING = { retailer: "walmart", currency: "SGD", rate: 1.35 } as const;

/**
 * The catalogue as search sees it under the faults: `amazon-missing` drops Amazon's listings,
 * `pricing-wrong` prices one retailer's products in another currency.
 */
export function catalogUnder(faults: {
  "amazon-missing": boolean;
  "pricing-wrong": boolean;
}): readonly Product[] {
  if (!faults["amazon-missing"] && !faults["pricing-wrong"]) return CATALOG;
  const w = WRONG_PRICING;
  return CATALOG.filter((p) => !(faults["amazon-missing"] && p.retailer === "amazon")).map((p) =>
    faults["pricing-wrong"] && p.retailer === w.retailer
      ? { ...p, currency: w.currency, price: Math.round(p.price * w.rate * 100) / 100 }
      : p,
  );
}
