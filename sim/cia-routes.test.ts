import { describe, expect, it } from "vitest";
import {
  CIA_CACHED_MS,
  type CiaState,
  ciaHungSync,
  ciaRoute,
  createCiaCache,
  defaultCiaState,
} from "./cia-routes";

const KEY = "k";
const T0 = Date.parse("2026-12-05T14:00:00Z");

/** One CIA with its state, cache and clock, as the sim's server holds them. */
function cia(change: Partial<CiaState> = {}) {
  let state: CiaState = { ...defaultCiaState(), ...change };
  const cache = createCiaCache();
  const call = (method: string, path: string, at: number, headers: Record<string, string> = {}) => {
    const { res, delayMs } = ciaRoute({ method, path, header: (n) => headers[n] }, state, KEY, {
      now: at,
      cache,
      update: (c) => {
        state = { ...state, ...c };
      },
    });
    return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown>, delayMs };
  };
  const dataStatus = (at: number) => call("GET", "/health", at).body.data_status as Record<string, unknown>;
  return { call, dataStatus, state: () => state };
}

describe("the CIA sim's sync (004 P2 manual sync, P0 cause E)", () => {
  it("POST /admin/sync-sales starts a sync that completes after ciaSyncMs; a second is refused meanwhile", () => {
    const c = cia();
    expect(c.dataStatus(T0).sync_started_at).toBeNull();
    expect(c.call("POST", "/admin/sync-sales", T0).status).toBe(401);
    const started = c.call("POST", "/admin/sync-sales", T0, { "x-admin-key": KEY });
    expect(started).toMatchObject({ status: 200, body: { status: "sync_started" } });
    expect(c.dataStatus(T0 + 10).sync_started_at).toBe("2026-12-05T14:00:00.000Z");
    const again = c.call("POST", "/admin/sync-sales", T0 + 10, { "x-admin-key": KEY });
    expect(again).toMatchObject({ status: 409, body: { status: "sync_in_progress" } });
    // Completed: last_sync_at moves to the completion, after the start.
    expect(c.dataStatus(T0 + 1500).last_sync_at).toBe("2026-12-05T14:00:01.500Z");
    expect(c.call("POST", "/admin/sync-sales", T0 + 2000, { "x-admin-key": KEY }).status).toBe(200);
  });

  it("a hung sync never completes: its start stays newer than last_sync_at", () => {
    const c = cia(ciaHungSync(12, T0));
    const s = c.dataStatus(T0);
    expect(s.sync_started_at).toBe("2026-12-05T13:48:00.000Z");
    expect(Date.parse(String(s.last_sync_at))).toBeLessThan(Date.parse(String(s.sync_started_at)));
    expect(c.call("POST", "/admin/sync-sales", T0, { "x-admin-key": KEY }).status).toBe(409);
  });
});

describe("the CIA sim's cache (004 P1 cause A)", () => {
  const customer = (c: ReturnType<typeof cia>, at: number) =>
    c.call("GET", "/api/mcp/customer/random", at, { "x-api-key": KEY }).delayMs;

  it("the same call again at once comes from the cache; a cycle later it does not", () => {
    const c = cia();
    expect(customer(c, T0)).toBe(150);
    expect(customer(c, T0 + 151)).toBe(CIA_CACHED_MS);
    expect(customer(c, T0 + 5000)).toBe(150);
  });

  it("two calls in flight together: the first answer sent fills the cache for the next", () => {
    const c = cia();
    expect(customer(c, T0)).toBe(150);
    expect(customer(c, T0 + 20)).toBe(150);
    expect(customer(c, T0 + 151)).toBe(CIA_CACHED_MS);
  });

  it("cache down: the second call is as slow as the first, and the hit rate reads 0", () => {
    const c = cia({ ciaCacheDown: true });
    expect(customer(c, T0)).toBe(150);
    expect(customer(c, T0 + 151)).toBe(150);
    expect(c.call("GET", "/admin/cache/stats", T0, { "x-admin-key": KEY }).body.hit_rate).toBe(0);
  });
});

describe("the CIA sim's natural-language query", () => {
  it("POST /api/mcp/query answers after ciaNlQueryMs with the key, 401 without", () => {
    const c = cia({ ciaNlQueryMs: 3500 });
    expect(c.call("POST", "/api/mcp/query", T0, { "x-api-key": KEY })).toMatchObject({
      status: 200,
      delayMs: 3500,
    });
    expect(c.call("POST", "/api/mcp/query", T0).status).toBe(401);
  });
});
