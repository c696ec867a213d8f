import { describe, expect, it } from "vitest";
import { DEFAULT_SIM_PORTS, readPortsFromEnv, resolvePorts } from "./ports";
import { readSimEnv } from "./sim-options";

describe("resolvePorts", () => {
  it.each([
    [{}, {}, DEFAULT_SIM_PORTS],
    [{}, { SIM_API_PORT: "28000" }, { ...DEFAULT_SIM_PORTS, api: 28000 }],
    [
      {},
      { SIM_TLS_PORT: "0", SIM_MCP_PORT: "", SIM_CONTROL_PORT: "28099" },
      { ...DEFAULT_SIM_PORTS, tls: 0, control: 28099 },
    ],
    [{ api: 0 }, { SIM_API_PORT: "28000" }, { ...DEFAULT_SIM_PORTS, api: 0 }],
    [{ mcp: undefined }, { SIM_MCP_PORT: "28080" }, { ...DEFAULT_SIM_PORTS, mcp: 28080 }],
  ])("overrides %j env %j", (overrides, env, expected) => {
    expect(resolvePorts(overrides, env)).toEqual(expected);
  });

  it.each(["abc", "-1", "70000", "1.5"])("refuses SIM_API_PORT=%s naming the variable", (value) => {
    expect(() => readPortsFromEnv({ SIM_API_PORT: value })).toThrow(/SIM_API_PORT/);
  });
});

describe("readSimEnv", () => {
  it.each([
    [{}, { slowSearchMs: 3000, syntheticRps: 40, seed: 20260423 }],
    [
      { SIM_SLOW_SEARCH_MS: "1500", SIM_SYNTHETIC_RPS: "200", SIM_SEED: "7" },
      { slowSearchMs: 1500, syntheticRps: 200, seed: 7 },
    ],
    [{ SIM_SLOW_SEARCH_MS: "" }, { slowSearchMs: 3000, syntheticRps: 40, seed: 20260423 }],
  ])("%j", (env, expected) => {
    expect(readSimEnv(env)).toEqual(expected);
  });

  it("names the variable that is wrong", () => {
    expect(() => readSimEnv({ SIM_SLOW_SEARCH_MS: "slow" })).toThrow(/SIM_SLOW_SEARCH_MS/);
  });
});
