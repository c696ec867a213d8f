import { describe, expect, it } from "vitest";
import { escapeLiteral, interpolateEnv } from "@/lib/runbook/interpolate-env";

const ENV = { API: "http://api.internal:8000/", EMPTY: "", PORT: "9443", KEY: "s3cret-value" };

describe("interpolateEnv", () => {
  const cases: [string, string, string][] = [
    ["a whole value", `\${PORT}`, "9443"],
    ["inside text", `Bearer \${KEY}`, "Bearer s3cret-value"],
    [
      "a URL joined with a path drops the value's trailing slash",
      `\${API}/health`,
      "http://api.internal:8000/health",
    ],
    ["a value not followed by / is kept as set", `\${API}`, "http://api.internal:8000/"],
    ["a default when unset", `\${MISSING:-127.0.0.1}`, "127.0.0.1"],
    ["a default when set to empty", `\${EMPTY:-fallback}`, "fallback"],
    ["an empty default", `x\${MISSING:-}y`, "xy"],
    ["set to empty without a default is empty", `[\${EMPTY}]`, "[]"],
    ["$$ is a literal $", `cost $$5 and $\${NOT_A_REF}`, `cost $5 and \${NOT_A_REF}`],
    ["a lone $ stays", "price $5", "price $5"],
  ];
  it.each(cases)("%s", (_name, text, expected) => {
    const { value, issues } = interpolateEnv({ field: text }, ENV);
    expect(issues).toEqual([]);
    expect(value).toEqual({ field: expected });
  });

  it("walks arrays and objects and leaves other values alone", () => {
    const { value } = interpolateEnv({ checks: [{ url: `\${API}/x`, port: 1, on: true, none: null }] }, ENV);
    expect(value).toEqual({ checks: [{ url: "http://api.internal:8000/x", port: 1, on: true, none: null }] });
  });

  it("names the field and the variable when it is unset with no default, never a value", () => {
    const { issues } = interpolateEnv({ checks: [{ headers: { Authorization: `Bearer \${NOPE}` } }] }, ENV);
    expect(issues).toEqual([
      `checks[0].headers.Authorization: \${NOPE} is not set and has no default (write \${NOPE:-default} for one)`,
    ]);
  });

  it("names a variable once, with its first fields and how many more", () => {
    const urls = ["a", "b", "c", "d", "e"].map((p) => ({ url: `\${NOPE}/${p}`, key: `\${KEY}` }));
    const { issues } = interpolateEnv({ checks: urls, other: `\${ALSO_UNSET}` }, ENV);
    expect(issues).toEqual([
      `checks[0].url, checks[1].url, checks[2].url and 2 more: \${NOPE} is not set and has no default (write \${NOPE:-default} for one)`,
      `other: \${ALSO_UNSET} is not set and has no default (write \${ALSO_UNSET:-default} for one)`,
    ]);
  });

  it("refuses a malformed reference, naming the field", () => {
    const { issues } = interpolateEnv({ url: `http://\${1BAD}/x` }, ENV);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^url: malformed reference/);
  });

  it.each(["plain", "$5", `\${X}`, `$\${X}`, "a$$b", "end$"])(
    "escapeLiteral(%s) reads back as itself",
    (text) => {
      expect(interpolateEnv({ t: escapeLiteral(text) }, {}).value).toEqual({ t: text });
    },
  );
});
