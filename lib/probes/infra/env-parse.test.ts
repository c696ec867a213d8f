import { describe, expect, it } from "vitest";
import { judgeEnv, parseEnvOutput } from "@/lib/probes/infra/env-parse";

describe("parseEnvOutput", () => {
  it("reads NAME=value lines, keeps '=' in values and joins continuation lines", () => {
    const vars = parseEnvOutput(
      "PATH=/bin\nDATABASE_URL=postgres://u:p@db/x?a=b\nCERT=line1\nline2\nEMPTY=\n",
    );
    expect(vars.get("PATH")).toBe("/bin");
    expect(vars.get("DATABASE_URL")).toBe("postgres://u:p@db/x?a=b");
    expect(vars.get("CERT")).toBe("line1\nline2");
    expect(vars.get("EMPTY")).toBe("");
  });
});

describe("judgeEnv", () => {
  const vars = new Map([
    ["US_REGION", "us"],
    ["AFFILIATE_TAG", "buywhere-21"],
    ["DATABASE_URL", "postgres://app:hunter2@db/catalog"],
    ["JWT_SECRET_KEY", "s3cr3t-value"],
    ["BLANK", ""],
  ]);
  const findings = judgeEnv(
    vars,
    [
      { name: "US_REGION", equals: "us" },
      { name: "AFFILIATE_TAG", equals: "buywhere-20" },
      { name: "DATABASE_URL" },
      { name: "BLANK" },
      { name: "ABSENT" },
    ],
    ["JWT_SECRET_KEY", "POSTGRES_PASSWORD"],
  );
  const byName = new Map(findings.map((f) => [f.name, f]));

  it.each([
    ["US_REGION", "set", '"us"'],
    ["AFFILIATE_TAG", "mismatch", '"buywhere-21"'],
    ["DATABASE_URL", "set", "set"],
    ["BLANK", "empty", "empty"],
    ["ABSENT", "missing", "missing"],
    ["JWT_SECRET_KEY", "set", "set"],
    ["POSTGRES_PASSWORD", "missing", "missing"],
  ])("%s → %s (shown %s)", (name, status, shown) => {
    expect(byName.get(name)).toMatchObject({ status, shown });
  });

  it("never shows a secret or a plain required value", () => {
    const text = JSON.stringify(findings);
    expect(text).not.toContain("s3cr3t-value");
    expect(text).not.toContain("hunter2");
  });

  it("a name listed as both required and secret is judged once, as a secret", () => {
    const out = judgeEnv(new Map([["K", "v"]]), [{ name: "K" }], ["K"]);
    expect(out).toEqual([{ name: "K", status: "set", shown: "set", secret: true }]);
  });
});
