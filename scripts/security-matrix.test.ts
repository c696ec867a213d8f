import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readRoutes, renderMatrix } from "./security-matrix";

describe("docs/security.md route matrix", () => {
  it("matches the route files (regenerate: npx tsx scripts/security-matrix.ts)", () => {
    const doc = readFileSync(new URL("../docs/security.md", import.meta.url), "utf8");
    expect(doc).toContain(renderMatrix(readRoutes()));
  });
});
