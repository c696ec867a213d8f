import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sim, startSim } from "./index";
import { parseMetrics } from "./testing/metrics-math";
import { get } from "./testing/net";

let sim: Sim;

beforeAll(async () => {
  // No synthetic load: every count below comes from a real request.
  sim = await startSim({ ports: { api: 0, tls: 0, mcp: 0, control: 0 }, syntheticRps: 0, env: {} });
});
afterAll(async () => {
  await sim?.stop();
});

describe("/metrics counts the real requests the API serves", () => {
  it("by status, over HTTP and HTTPS, with their latency", async () => {
    for (let i = 0; i < 3; i++) await get(`${sim.urls.api}/health`);
    await get(`${sim.urls.apiTls}/v1/status`);
    await get(`${sim.urls.api}/go/B09G9HDHJT`);
    await get(`${sim.urls.api}/nope`);
    await sim.setFault("api-500", true);
    await get(`${sim.urls.api}/health`);
    await sim.setFault("api-500", false);
    await get(`${sim.urls.api}/health/detailed`);

    const sample = parseMetrics((await get(`${sim.urls.api}/metrics`)).body);
    expect(Object.fromEntries(sample.byStatus)).toEqual({ "200": 5, "302": 1, "404": 1, "500": 1 });
    expect(sample.count).toBe(8);
    // /health/detailed waits 5-20 ms for its DB ping, so at least one observation lies above 5 ms.
    expect(sample.buckets.find((b) => b.le === 0.005)?.count).toBeLessThan(8);
    expect(sample.buckets.find((b) => b.le === 0.5)?.count).toBe(8);

    const next = parseMetrics((await get(`${sim.urls.api}/metrics`)).body);
    expect(next.byStatus.get("200")).toBe(6);
  });
});
