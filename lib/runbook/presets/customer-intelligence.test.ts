import { describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { checkSchema } from "@/lib/model/runbook-schema";
import { buildCustomerIntelligence } from "@/lib/runbook/presets/customer-intelligence";

const adminChecks = (env: Record<string, string>) =>
  (buildCustomerIntelligence(env).checks ?? []).filter((c) => "url" in c && /\/admin\//.test(String(c.url)));

describe("Customer Intelligence preset: the admin key", () => {
  it("sends a configured key", () => {
    const checks = adminChecks({ WARROOM_CIA_ADMIN_KEY: "configured-key" });
    expect(checks.length).toBe(2);
    for (const c of checks) expect(c).toMatchObject({ headers: { "X-Admin-Key": "configured-key" } });
  });

  it("has no built-in key: without one the admin checks read unknown and say why, without a request", async () => {
    const checks = adminChecks({});
    expect(checks.length).toBe(2);
    expect(JSON.stringify(checks)).not.toMatch(/sim-admin-key|X-Admin-Key/);
    const check = checkSchema.parse({ ...checks[0], url: "http://127.0.0.1:9/admin/cache/stats" });
    const reading = await runProbe(check, { timeoutMs: 1000, state: new Map() });
    expect(reading.level).toBe("unknown");
    expect(reading.summary).toMatch(/WARROOM_CIA_ADMIN_KEY/);
  });
});
