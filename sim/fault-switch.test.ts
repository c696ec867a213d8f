import { describe, expect, it } from "vitest";
import { createFaultSwitch, type FaultEffects } from "./fault-switch";
import { createFaultState, SIM_FAULTS, type SimFault } from "./faults";

function recordingEffects(log: string[], failOn?: SimFault): FaultEffects {
  const effects = Object.fromEntries(SIM_FAULTS.map((f) => [f, null])) as FaultEffects;
  for (const f of ["api-down", "mcp-down", "cert-expiring"] as const) {
    effects[f] = async (on) => {
      await Promise.resolve();
      if (f === failOn) throw new Error(`${f} broke`);
      log.push(`${f}:${on ? "on" : "off"}`);
    };
  }
  return effects;
}

describe("createFaultSwitch", () => {
  it("starts with every fault off", () => {
    expect(createFaultSwitch(recordingEffects([])).faults()).toEqual(createFaultState());
  });

  it("applies effects in call order and resolves with the state after each change", async () => {
    const log: string[] = [];
    const sw = createFaultSwitch(recordingEffects(log));
    const [a, b, c] = await Promise.all([
      sw.setFault("api-down", true),
      sw.setFault("api-500", true),
      sw.setFault("api-down", false),
    ]);
    expect(a["api-down"]).toBe(true);
    expect(b).toMatchObject({ "api-down": true, "api-500": true });
    expect(c).toMatchObject({ "api-down": false, "api-500": true });
    expect(log).toEqual(["api-down:on", "api-down:off"]);
  });

  it("runs no effect when the fault is already in the requested state", async () => {
    const log: string[] = [];
    const sw = createFaultSwitch(recordingEffects(log));
    await sw.setFault("mcp-down", false);
    await sw.setFault("mcp-down", true);
    await sw.setFault("mcp-down", true);
    expect(log).toEqual(["mcp-down:on"]);
  });

  it("reset switches every fault off through its effect", async () => {
    const log: string[] = [];
    const sw = createFaultSwitch(recordingEffects(log));
    for (const f of SIM_FAULTS) await sw.setFault(f, true);
    expect(Object.values(sw.faults()).every(Boolean)).toBe(true);
    log.length = 0;
    expect(await sw.reset()).toEqual(createFaultState());
    expect(log).toEqual(["api-down:off", "mcp-down:off", "cert-expiring:off"]);
  });

  it("keeps the state unchanged when an effect fails, and keeps serving later changes", async () => {
    const sw = createFaultSwitch(recordingEffects([], "cert-expiring"));
    await expect(sw.setFault("cert-expiring", true)).rejects.toThrow("cert-expiring broke");
    expect(sw.faults()["cert-expiring"]).toBe(false);
    expect((await sw.setFault("db-slow", true))["db-slow"]).toBe(true);
  });

  it("rejects an unknown fault at run time", async () => {
    const sw = createFaultSwitch(recordingEffects([]));
    await expect(sw.setFault("nope" as SimFault, true)).rejects.toThrow('unknown fault "nope"');
  });

  it("hands out copies: mutating one does not change the switch", () => {
    const sw = createFaultSwitch(recordingEffects([]));
    const copy = sw.faults();
    copy["api-500"] = true;
    expect(sw.faults()["api-500"]).toBe(false);
  });
});
