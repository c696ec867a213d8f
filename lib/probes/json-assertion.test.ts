import { describe, expect, it } from "vitest";
import { jsonAssertionSchema } from "@/lib/model/http-check-schemas";
import { evaluateJsonAssertion } from "@/lib/probes/json-assertion";

const judge = (json: unknown, a: Record<string, unknown>) =>
  evaluateJsonAssertion(json, jsonAssertionSchema.parse(a), "/health/detailed");

describe("JSON assertions: below / above (deploy §3 test 2 db_response_ms < 500, test 3 total > 0)", () => {
  it("strictly below and above", () => {
    expect(judge({ db_response_ms: 499 }, { path: "db_response_ms", below: 500 }).ok).toBe(true);
    const slow = judge({ db_response_ms: 500 }, { path: "db_response_ms", below: 500 });
    expect(slow).toMatchObject({ ok: false, level: "crit", condition: "[BODY].db_response_ms < 500" });
    expect(slow.why).toBe("db_response_ms 500 from /health/detailed (expected a number < 500)");
    expect(judge({ total: 0 }, { path: "total", above: 0 }).ok).toBe(false);
    expect(judge({ total: 3 }, { path: "total", above: 0, below: 10 }).ok).toBe(true);
  });

  it("missing or not a number fails, never passes", () => {
    expect(judge({}, { path: "total", above: 0 }).ok).toBe(false);
    expect(judge({ total: "12" }, { path: "total", above: 0 }).ok).toBe(false);
    expect(judge({ total: null }, { path: "total", above: 0, failLevel: "warn" })).toMatchObject({
      ok: false,
      level: "warn",
    });
  });
});
