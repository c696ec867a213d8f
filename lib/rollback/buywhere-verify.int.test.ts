import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VerifyRequest } from "@/lib/model/actions-schema";
import { runbookSchema } from "@/lib/model/runbook-schema";
import { verifyRequest } from "@/lib/rollback/verify-request";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";
import { type Sim, startSim } from "@/sim/index";

// Deploy §5.2 step 6: the rollback's verification re-runs smoke tests 1–5 (and test 6) against the API.
// Driven against the process sim, healthy and with its faults switched on.
let sim: Sim;
let verify: VerifyRequest[];

beforeAll(async () => {
  sim = await startSim({ ports: { api: 0, tls: 0, mcp: 0, control: 0 } });
  const runbook = runbookSchema.parse(buildBuyWhereUsLaunch({ WARROOM_API_URL: sim.urls.api }));
  verify = runbook.actions?.stack?.verify ?? [];
});
afterAll(async () => {
  await sim?.stop();
});

async function runAll(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const req of verify) {
    const label = req.label.split(" ")[0] ?? req.label;
    out[label] = await verifyRequest(sim.urls.api + req.path, req, () => undefined).then(
      () => "ok",
      (err: Error) => err.message,
    );
  }
  return out;
}

describe("BuyWhere rollback verification: deploy §3 smoke tests 1–5, then test 6", () => {
  it("names T1 to T6 in the runbook's order, and all pass on a healthy API", async () => {
    expect(verify.map((v) => v.label.split(" ")[0])).toEqual(["T1", "T2", "T3", "T4", "T5", "T6"]);
    expect(await runAll()).toEqual({ T1: "ok", T2: "ok", T3: "ok", T4: "ok", T5: "ok", T6: "ok" });
  });

  it("a slow database fails T2 (degraded, 820+ ms), the rest still pass", async () => {
    await sim.setFault("db-slow", true);
    try {
      const r = await runAll();
      expect(r.T2).toMatch(/^status "degraded" from \/health\/detailed \(expected "healthy"\)$/);
      expect(r.T1).toBe("ok");
    } finally {
      await sim.reset();
    }
  });

  it("an API answering 500 fails every test", async () => {
    await sim.setFault("api-500", true);
    try {
      const r = await runAll();
      for (const t of ["T1", "T2", "T3", "T4", "T5"]) expect(r[t], t).not.toBe("ok");
    } finally {
      await sim.reset();
    }
  });
});
