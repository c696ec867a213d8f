import { describe, expect, it } from "vitest";
import { parseQueryResponse, reduceSeries } from "@/lib/probes/infra/prometheus-query-parse";

const ok = (resultType: string, result: unknown) => ({ status: "success", data: { resultType, result } });

describe("parseQueryResponse", () => {
  const cases = [
    { name: "scalar", body: ok("scalar", [1714000000, "0.5"]), want: [0.5] },
    {
      name: "vector of two series",
      body: ok("vector", [
        { metric: { route: "/search" }, value: [1, "3"] },
        { metric: {}, value: [1, "1.5"] },
      ]),
      want: [3, 1.5],
    },
    { name: "empty vector", body: ok("vector", []), want: [] },
    { name: "NaN samples dropped", body: ok("vector", [{ metric: {}, value: [1, "NaN"] }]), want: [] },
    { name: "+Inf kept", body: ok("vector", [{ metric: {}, value: [1, "+Inf"] }]), want: [Infinity] },
    {
      name: "matrix → last sample of each series",
      body: ok("matrix", [
        {
          metric: { a: "1" },
          values: [
            [1, "1"],
            [2, "7"],
          ],
        },
      ]),
      want: [7],
    },
  ];
  it.each(cases)("$name", ({ body, want }) => {
    const a = parseQueryResponse(body);
    expect(a.ok && a.series.map((s) => s.value)).toEqual(want);
  });

  it.each([
    [
      { status: "error", errorType: "bad_data", error: "parse error at char 5" },
      "bad_data: parse error at char 5",
    ],
    [ok("string", [1, "x"]), "query returned a string, not a number"],
    [ok("vector", [{ value: "nope" }]), "malformed vector result"],
    [{ hello: "world" }, "not a Prometheus query API response"],
    [{ status: "success" }, "response has no data"],
  ])("error %#", (body, error) => expect(parseQueryResponse(body)).toEqual({ ok: false, error }));

  it("labels are kept for evidence", () => {
    const a = parseQueryResponse(ok("vector", [{ metric: { job: "api", code: "500" }, value: [1, "2"] }]));
    expect(a.ok && a.series[0]?.labels).toBe('{job="api",code="500"}');
  });
});

describe("reduceSeries", () => {
  const s = [3, 1, 2].map((value) => ({ labels: "", value }));
  it.each([
    ["max", 3],
    ["min", 1],
    ["sum", 6],
    ["avg", 2],
    ["first", 3],
  ] as const)("%s", (how, want) => expect(reduceSeries(s, how)).toBe(want));
  it("empty → null", () => expect(reduceSeries([], "sum")).toBeNull());
});
