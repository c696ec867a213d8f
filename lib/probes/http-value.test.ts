import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProbeContext } from "@/lib/model/probe";
import { httpCheckSchema } from "@/lib/model/runbook-schema";
import { probeHttp } from "@/lib/probes/http-probe";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";

const NOW = Date.parse("2026-04-23T14:00:00Z");
let server: LocalServer;
let body = "{}";

beforeAll(async () => {
  server = await startHttpServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  });
});
afterAll(() => server.close());

function ctx(): ProbeContext {
  return { signal: new AbortController().signal, timeoutMs: 2000, state: new Map(), now: () => NOW };
}

describe("http value: percentage of another field, age of a timestamp", () => {
  it.each([
    // Customer Intelligence API: DB pool checked_out of pool_size (004 P1 cause B)
    [
      '{"checked_out":4,"pool_size":30}',
      { path: "checked_out", of: "pool_size", unit: "%" },
      { direction: "above", warn: 70, crit: 90 },
      13.33,
      "ok",
    ],
    [
      '{"checked_out":30,"pool_size":30}',
      { path: "checked_out", of: "pool_size", unit: "%" },
      { direction: "above", warn: 70, crit: 90 },
      100,
      "crit",
    ],
    [
      '{"checked_out":3,"pool_size":0}',
      { path: "checked_out", of: "pool_size", unit: "%" },
      undefined,
      null,
      "unknown",
    ],
    // data_status.last_sync_at freshness (004 P2: stale when > 24 h)
    [
      '{"data_status":{"last_sync_at":"2026-04-23T08:00:00Z"}}',
      { path: "data_status.last_sync_at", age: "hours", unit: "h" },
      { direction: "above", crit: 24 },
      6,
      "ok",
    ],
    [
      '{"data_status":{"last_sync_at":"2026-04-21T14:00:00Z"}}',
      { path: "data_status.last_sync_at", age: "hours", unit: "h" },
      { direction: "above", crit: 24 },
      48,
      "crit",
    ],
    [
      '{"data_status":{"last_sync_at":1776945600}}',
      { path: "data_status.last_sync_at", age: "hours", unit: "h" },
      undefined,
      2,
      "ok",
    ],
    [
      '{"data_status":{"last_sync_at":"never"}}',
      { path: "data_status.last_sync_at", age: "hours", unit: "h" },
      undefined,
      null,
      "crit",
    ],
    // Launch day T+4h: the oldest of every US source's last run (/api/sources)
    [
      '[{"name":"amazon","last_run":"2026-04-23T13:00:00Z"},{"name":"walmart","last_run":"2026-04-23T12:00:00Z"}]',
      { path: "[*].last_run", age: "hours", unit: "h" },
      { direction: "above", crit: 4 },
      2,
      "ok",
    ],
    [
      '[{"name":"amazon","last_run":"2026-04-23T13:00:00Z"},{"name":"walmart","last_run":"2026-04-23T09:00:00Z"}]',
      { path: "[*].last_run", age: "hours", unit: "h" },
      { direction: "above", crit: 4 },
      5,
      "crit",
    ],
    [
      '{"sources":[{"name":"amazon","last_run":"2026-04-23T13:00:00Z"},{"name":"target"}]}',
      { path: "sources[*].last_run", age: "hours", unit: "h" },
      { direction: "above", crit: 4 },
      null,
      "crit",
    ],
    ["[]", { path: "[*].last_run", age: "hours", unit: "h" }, { direction: "above", crit: 4 }, null, "crit"],
  ] as const)("%s with %o", async (json, value, thresholds, expected, level) => {
    body = json;
    const check = httpCheckSchema.parse({
      id: "v",
      kind: "http",
      label: "v",
      url: `${server.url}/x`,
      value,
      thresholds,
    });
    const result = await probeHttp(check, ctx());
    expect(result.level, result.summary).toBe(level);
    expect(result.value).toBe(expected);
  });
});
