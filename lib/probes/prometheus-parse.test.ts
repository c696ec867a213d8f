import { describe, expect, it } from "vitest";
import { parsePrometheusText, parseValue } from "@/lib/probes/prometheus-parse";

describe("parsePrometheusText samples", () => {
  it.each([
    ['http_requests_total{status="200"} 1027', "http_requests_total", { status: "200" }, 1027],
    ['http_requests_total{status="200"} 1027 1395066363000', "http_requests_total", { status: "200" }, 1027],
    ["go_goroutines 12", "go_goroutines", {}, 12],
    ["up{} 1", "up", {}, 1],
    ['x{a="1",} 2', "x", { a: "1" }, 2],
    ['x{ a = "1" , b="2" } 3', "x", { a: "1", b: "2" }, 3],
    ['x{path="C:\\\\DIR\\\\F.TXT"} 1', "x", { path: "C:\\DIR\\F.TXT" }, 1],
    ['x{msg="say \\"hi\\"\\nbye"} 1', "x", { msg: 'say "hi"\nbye' }, 1],
    ['x{path="/a,b}c"} 4', "x", { path: "/a,b}c" }, 4],
    ['h_bucket{le="+Inf"} 7', "h_bucket", { le: "+Inf" }, 7],
    ["x 1.5e-3", "x", {}, 0.0015],
    ["x -2", "x", {}, -2],
    ["x +Inf", "x", {}, Number.POSITIVE_INFINITY],
    ["x -Inf", "x", {}, Number.NEGATIVE_INFINITY],
    ['x{a="1"} 5 # {trace_id="abc"} 1.0', "x", { a: "1" }, 5],
    ['{"http.requests", status="200"} 5', "http.requests", { status: "200" }, 5],
    ["   indented_metric   9   ", "indented_metric", {}, 9],
    ["name_with:colon 1", "name_with:colon", {}, 1],
  ])("%s", (line, name, labels, value) => {
    const { samples, errors } = parsePrometheusText(line);
    expect(errors).toEqual([]);
    expect(samples).toEqual([{ name, labels, value }]);
  });

  it("reads NaN", () => {
    expect(parsePrometheusText("x NaN").samples[0]?.value).toBeNaN();
  });
});

describe("parsePrometheusText documents", () => {
  it("reads TYPE lines, skips HELP and comments, accepts CRLF", () => {
    const text = [
      "# HELP http_requests_total Requests.",
      "# TYPE http_requests_total counter",
      "# just a comment",
      'http_requests_total{status="200"} 10',
      "",
      "# TYPE http_request_duration_seconds histogram",
      'http_request_duration_seconds_bucket{le="0.1"} 4',
      "http_request_duration_seconds_count 4",
    ].join("\r\n");
    const result = parsePrometheusText(text);
    expect(result.types).toEqual({
      http_requests_total: "counter",
      http_request_duration_seconds: "histogram",
    });
    expect(result.samples.map((s) => s.name)).toEqual([
      "http_requests_total",
      "http_request_duration_seconds_bucket",
      "http_request_duration_seconds_count",
    ]);
    expect(result.errors).toEqual([]);
  });

  it("skips malformed lines and keeps the rest", () => {
    const text = [
      "ok_before 1",
      "bad{ 1",
      'x{a="1"} notanumber',
      '{a="1"} 1',
      "x{a=1} 2",
      'x{a="unterminated} 3',
      "x",
      "ok_after 2",
    ].join("\n");
    const result = parsePrometheusText(text);
    expect(result.samples.map((s) => [s.name, s.value])).toEqual([
      ["ok_before", 1],
      ["ok_after", 2],
    ]);
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it("stops at # EOF", () => {
    expect(parsePrometheusText("a 1\n# EOF\nb 2").samples.map((s) => s.name)).toEqual(["a"]);
  });
});

describe("parseValue", () => {
  it.each([
    ["1", 1],
    ["+1.5", 1.5],
    [".5", 0.5],
    ["1e3", 1000],
    ["inf", Number.POSITIVE_INFINITY],
    ["abc", null],
    ["", null],
    ["1.2.3", null],
    ["0x10", null],
  ])("%s → %s", (text, value) => {
    expect(parseValue(text)).toBe(value);
  });
});
