import { describe, expect, it } from "vitest";
import { readJsonPath, splitJsonPath } from "@/lib/probes/json-path";

const DOC = {
  status: "ok",
  catalog: { total_products: 1342817, empty: null, zero: 0 },
  products: [
    { id: "bw-1001", name: "Pixel" },
    { id: "bw-1002", tags: ["a", "b"] },
  ],
  "odd key": true,
};

describe("readJsonPath", () => {
  it.each([
    ["status", "ok"],
    ["catalog.total_products", 1342817],
    ["catalog.empty", null],
    ["catalog.zero", 0],
    ["products.0.name", "Pixel"],
    ["products[1].id", "bw-1002"],
    ["products.1.tags.1", "b"],
    ["products[1].tags[0]", "a"],
    ["odd key", true],
  ])("finds %s", (path, expected) => {
    expect(readJsonPath(DOC, path)).toEqual({ found: true, value: expected });
  });

  it.each([
    ["nope", "nope"],
    ["catalog.nope.deeper", "catalog.nope"],
    ["products.2.name", "products.2"],
    ["products.x", "products.x"],
    ["products.0.name.length", "products.0.name.length"],
    ["catalog.empty.x", "catalog.empty.x"],
    ["status.0", "status.0"],
    ["constructor", "constructor"],
  ])("reports %s missing at %s", (path, missing) => {
    expect(readJsonPath(DOC, path)).toEqual({ found: false, missing });
  });

  it("walks from a top-level array", () => {
    expect(readJsonPath([{ a: 1 }], "0.a")).toEqual({ found: true, value: 1 });
  });

  it("splits bracket and dotted forms alike", () => {
    expect(splitJsonPath("a[0].b.1")).toEqual(["a", "0", "b", "1"]);
  });
});
