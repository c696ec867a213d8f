import { describe, expect, it } from "vitest";
import { promSample, readExposition } from "@/test/support/prometheus-text";

const GOOD = `# HELP req_total Requests.
# TYPE req_total counter
req_total{method="post",code="200"} 1027 1395066363000
req_total{method="get",path="C:\\\\DIR",msg="a \\"b\\"\\nc"} 3
# TYPE temp gauge
temp -1.5e-3
# TYPE lag gauge
lag Nan
# TYPE lat_seconds histogram
lat_seconds_bucket{kind="http",le="0.1"} 1
lat_seconds_bucket{kind="http",le="1"} 3
lat_seconds_bucket{kind="http",le="+Inf"} 4
lat_seconds_sum{kind="http"} 2.5
lat_seconds_count{kind="http"} 4
lat_seconds_bucket{kind="tcp",le="0.1"} 0
lat_seconds_bucket{kind="tcp",le="1"} 0
lat_seconds_bucket{kind="tcp",le="+Inf"} 0
lat_seconds_sum{kind="tcp"} 0
lat_seconds_count{kind="tcp"} 0
`;

describe("Prometheus text reader (test support)", () => {
  it("reads families, types, help, labels with escapes, and histogram series by label", () => {
    const f = readExposition(GOOD);
    expect([...f.keys()]).toEqual(["req_total", "temp", "lag", "lat_seconds"]);
    expect(f.get("req_total")).toMatchObject({ type: "counter", help: "Requests." });
    expect(promSample(f, "req_total", { code: "200" })).toBe(1027);
    expect(f.get("req_total")?.samples[1]?.labels).toEqual({
      method: "get",
      path: "C:\\DIR",
      msg: 'a "b"\nc',
    });
    expect(promSample(f, "temp")).toBe(-0.0015);
    expect(promSample(f, "lag")).toBeNaN();
    expect(promSample(f, "lat_seconds_count", { kind: "http" })).toBe(4);
    expect(promSample(f, "lat_seconds_bucket", { kind: "http", le: "+Inf" })).toBe(4);
    expect(promSample(f, "lat_seconds_sum", { kind: "tcp" })).toBe(0);
  });

  it.each([
    ["an undeclared family", "x 1", /undeclared family/],
    ["a bad value", "# TYPE x gauge\nx one", /line 2: bad value "one"/],
    ["bad labels", "# TYPE x gauge\nx{a=1} 1", /line 2: bad value for label a/],
    ["an unknown type", "# TYPE x meter", /unknown type/],
    ["a family declared twice", "# TYPE x gauge\n# TYPE x gauge", /declared twice/],
    [
      "buckets that are not cumulative",
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 0',
      /not cumulative/,
    ],
    ["a histogram without +Inf", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\nh_sum 0', /no \+Inf/],
    [
      "a +Inf bucket that differs from _count",
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 1\nh_sum 0',
      /differs from _count/,
    ],
  ])("refuses %s", (_what, text, error) => {
    expect(() => readExposition(text)).toThrow(error);
  });

  it("says when a sample is missing or ambiguous", () => {
    const f = readExposition(GOOD);
    expect(() => promSample(f, "req_total")).toThrow(/2 samples/);
    expect(() => promSample(f, "nope")).toThrow(/0 samples/);
  });
});
