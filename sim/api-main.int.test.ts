import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpService, startMcpService } from "./mcp-service";
import { getJson, tryConnect, within } from "./testing/net";
import { finished, spawnTsx, waitForOutput } from "./testing/spawn";

let mcp: McpService;

beforeAll(async () => {
  mcp = await startMcpService(0);
});
afterAll(async () => {
  await mcp?.stop();
});

describe("sim/api-main.ts (the API alone)", () => {
  it("serves the API, proxies /mcp/health to SIM_MCP_URL, switches its own faults and stops on SIGTERM", async () => {
    const child = spawnTsx("sim/api-main.ts", [], {
      SIM_API_PORT: "0",
      SIM_TLS_PORT: "0",
      SIM_CONTROL_PORT: "0",
      SIM_MCP_URL: `http://127.0.0.1:${mcp.port}/health`,
    });
    const done = finished(child);
    const out = await within(
      waitForOutput(child, /control\s+http:\/\/127\.0\.0\.1:\d+/),
      15_000,
      "start output",
    );
    const port = (name: string) =>
      Number(new RegExp(`${name}\\s+https?://127\\.0\\.0\\.1:(\\d+)`).exec(out)?.[1]);
    const api = `http://127.0.0.1:${port("api")}`;
    const control = `http://127.0.0.1:${port("control")}`;

    expect(await getJson(`${api}/health`)).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await getJson(`https://127.0.0.1:${port("api-tls")}/v1/status`)).toMatchObject({ status: 200 });
    expect(await getJson(`${api}/mcp/health`)).toMatchObject({ status: 200, body: { status: "ok" } });

    // A real proxy: with the MCP server gone the API says so, with the reason.
    await mcp.setDown(true);
    expect(await getJson(`${api}/mcp/health`)).toMatchObject({
      status: 503,
      body: { status: "unavailable", detail: expect.stringContaining("ECONNREFUSED") },
    });
    await mcp.setDown(false);
    expect((await getJson(`${api}/mcp/health`)).status).toBe(200);

    expect((await fetch(`${control}/faults/api-down`, { method: "PUT" })).status).toBe(200);
    expect(await tryConnect(port("api"))).toBe("ECONNREFUSED");
    expect((await fetch(`${control}/faults/api-down`, { method: "DELETE" })).status).toBe(200);
    expect((await getJson(`${api}/health`)).status).toBe(200);

    child.kill("SIGTERM");
    expect((await within(done, 10_000, "exit after SIGTERM")).code).toBe(0);
  });
});
