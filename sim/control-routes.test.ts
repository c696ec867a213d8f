import { describe, expect, it } from "vitest";
import { respondToControlRequest } from "./control-routes";
import { createFaultSwitch, type FaultEffects } from "./fault-switch";
import { SIM_FAULTS } from "./faults";

function setup(failing = false) {
  const effects = Object.fromEntries(SIM_FAULTS.map((f) => [f, null])) as FaultEffects;
  if (failing) {
    effects["api-down"] = () => {
      throw new Error("port taken");
    };
  }
  const faultSwitch = createFaultSwitch(effects);
  const call = async (method: string, path: string) => {
    const res = await respondToControlRequest(
      { method, path },
      { faultSwitch, describe: () => ({ ports: { api: 1 } }) },
    );
    return {
      status: res.status,
      body: JSON.parse(res.body) as Record<string, unknown>,
      headers: res.headers,
    };
  };
  return { faultSwitch, call };
}

const allOff = Object.fromEntries(SIM_FAULTS.map((f) => [f, false]));

describe("respondToControlRequest", () => {
  it.each([
    ["GET", "/faults", 200, { faults: allOff }],
    ["GET", "/health", 200, { status: "ok", ports: { api: 1 }, faults: allOff }],
    ["POST", "/reset", 200, { faults: allOff }],
    ["PUT", "/faults/api-500", 200, { fault: "api-500", on: true, faults: { ...allOff, "api-500": true } }],
    ["POST", "/faults/db-slow", 200, { fault: "db-slow", on: true, faults: { ...allOff, "db-slow": true } }],
    ["DELETE", "/faults/db-slow", 200, { fault: "db-slow", on: false, faults: allOff }],
    [
      "PUT",
      "/faults/bogus",
      404,
      { detail: expect.stringContaining("api-down, api-500"), known: [...SIM_FAULTS] },
    ],
    [
      "PUT",
      "/faults/%E0%A4%A",
      404,
      { detail: expect.stringContaining("Unknown fault"), known: [...SIM_FAULTS] },
    ],
    ["PATCH", "/faults/api-500", 405, { detail: expect.stringContaining("PUT") }],
    ["POST", "/faults", 405, { detail: expect.stringContaining("GET") }],
    ["GET", "/reset", 405, { detail: expect.stringContaining("POST") }],
    ["GET", "/elsewhere", 404, { detail: "Not Found", endpoints: expect.any(Array) }],
  ])("%s %s -> %i", async (method, path, status, body) => {
    const { call } = setup();
    const res = await call(method, path);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(body);
  });

  it("switches the real state and reset clears it", async () => {
    const { call, faultSwitch } = setup();
    await call("PUT", "/faults/api-500");
    await call("PUT", "/faults/mcp-down");
    expect(faultSwitch.faults()).toMatchObject({ "api-500": true, "mcp-down": true });
    expect((await call("GET", "/faults")).body.faults).toMatchObject({ "api-500": true, "mcp-down": true });
    await call("POST", "/reset");
    expect(faultSwitch.faults()).toEqual(allOff);
  });

  it("reports a failed effect as 500 with the unchanged state", async () => {
    const { call } = setup(true);
    const res = await call("PUT", "/faults/api-down");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ detail: "port taken", faults: allOff });
  });
});
