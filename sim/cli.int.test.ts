import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_FAULTS, type Sim, startSim } from "./index";
import { freePort, get, getJson, tryConnect, within } from "./testing/net";
import { finished, runTsx, spawnTsx, waitForOutput } from "./testing/spawn";

let sim: Sim;
let env: Record<string, string>;
const cli = (...args: string[]) => runTsx("sim/cli.ts", args, env);

beforeAll(async () => {
  sim = await startSim({ ports: { api: 0, tls: 0, mcp: 0, control: 0 }, env: {} });
  env = { SIM_CONTROL_PORT: String(sim.ports.control) };
});
afterAll(async () => {
  await sim?.stop();
});

describe("sim CLI against a running sim", () => {
  it("faults lists every fault with its state", async () => {
    await sim.setFault("db-slow", true);
    const res = await cli("faults");
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split("\n");
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([...SIM_FAULTS]);
    expect(lines).toContain("db-slow           on");
    expect(lines).toContain("api-500           off");
    const json = await cli("faults", "--json");
    expect(JSON.parse(json.stdout)).toEqual({ faults: sim.faults() });
    await sim.reset();
  });

  it("fault on / fault off switch the real sim", async () => {
    const on = await cli("fault", "on", "api-500");
    expect(on).toMatchObject({ code: 0, stdout: "api-500 is now on\n" });
    expect(sim.faults()["api-500"]).toBe(true);
    expect((await get(`${sim.urls.api}/health`)).status).toBe(500);

    const off = await cli("fault", "off", "api-500");
    expect(off).toMatchObject({ code: 0, stdout: "api-500 is now off\n" });
    expect((await get(`${sim.urls.api}/health`)).status).toBe(200);
  });

  it("reset switches everything off", async () => {
    await sim.setFault("mcp-down", true);
    await sim.setFault("affiliate-broken", true);
    expect(await cli("reset")).toMatchObject({ code: 0, stdout: "all faults off\n" });
    expect(Object.values(sim.faults()).some(Boolean)).toBe(false);
    expect(await getJson(`${sim.urls.mcp}/health`)).toMatchObject({ status: 200 });
  });

  it("an unknown fault exits 1 naming the known ones", async () => {
    const res = await cli("fault", "on", "redis-full");
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Unknown fault "redis-full"');
    expect(res.stderr).toContain(SIM_FAULTS.join(", "));
  });

  it("usage errors exit 2 with the usage", async () => {
    const runs = await Promise.all(
      [["fault", "on"], ["fault", "sideways", "api-500"], ["frobnicate"], []].map((a) => cli(...a)),
    );
    for (const res of runs) {
      expect(res.code).toBe(2);
      expect(res.stderr).toContain("usage: npm run sim -- <command>");
    }
  });
});

describe("sim CLI without a sim", () => {
  it("says the sim is not running and exits 3", async () => {
    const port = await freePort();
    const res = await runTsx("sim/cli.ts", ["fault", "on", "api-500"], { SIM_CONTROL_PORT: String(port) });
    expect(res.code).toBe(3);
    expect(res.stderr).toContain(`the sim is not running: no control endpoint at http://127.0.0.1:${port}`);
  });
});

describe("sim CLI start", () => {
  it("runs the stack in the foreground, prints the ports, and stops cleanly on SIGTERM", async () => {
    const child = spawnTsx("sim/cli.ts", ["start"], {
      SIM_API_PORT: "0",
      SIM_TLS_PORT: "0",
      SIM_MCP_PORT: "0",
      SIM_CONTROL_PORT: "0",
      SIM_DEALSCOUT_PORT: "0",
      SIM_CIA_PORT: "0",
    });
    const done = finished(child);
    const out = await within(waitForOutput(child, /cia\s+http:\/\/127\.0\.0\.1:\d+/), 15_000, "start output");
    const url = (name: string) => {
      const m = new RegExp(`${name}\\s+(https?://127\\.0\\.0\\.1:\\d+)`).exec(out);
      if (!m?.[1]) throw new Error(`no ${name} url in: ${out}`);
      return m[1];
    };
    expect(await getJson(`${url("api")}/health`)).toMatchObject({ status: 200, body: { status: "ok" } });
    expect((await get(`${url("api-tls")}/health`)).status).toBe(200);
    expect(await getJson(`${url("mcp")}/health`)).toMatchObject({ status: 200 });
    expect(await getJson(`${url("deal-scout")}/health`)).toMatchObject({ body: { queue_depth: 12 } });
    expect(await getJson(`${url("cia")}/health`)).toMatchObject({ body: { status: "healthy" } });
    const control = url("control");
    const port = control.split(":").at(-1) ?? "";
    expect(await runTsx("sim/cli.ts", ["fault", "on", "api-down"], { SIM_CONTROL_PORT: port })).toMatchObject(
      {
        code: 0,
      },
    );
    const apiPort = Number(url("api").split(":").at(-1));
    expect(await tryConnect(apiPort)).toBe("ECONNREFUSED");

    child.kill("SIGTERM");
    const result = await within(done, 10_000, "exit after SIGTERM");
    expect(result.code).toBe(0);
    expect(await tryConnect(Number(port))).toBe("ECONNREFUSED");
  });

  it("exits 1 with a clear message when a port is taken", async () => {
    const res = await runTsx("sim/cli.ts", ["start"], {
      SIM_API_PORT: String(sim.ports.api),
      SIM_TLS_PORT: "0",
      SIM_MCP_PORT: "0",
      SIM_CONTROL_PORT: "0",
      SIM_DEALSCOUT_PORT: "0",
      SIM_CIA_PORT: "0",
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`127.0.0.1:${sim.ports.api}: is already in use`);
  });
});
