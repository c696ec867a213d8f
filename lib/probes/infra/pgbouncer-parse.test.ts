import { describe, expect, it } from "vitest";
import { poolSizeOf, readStats, sumPools } from "@/lib/probes/infra/pgbouncer-parse";

// As the admin console returns them (PgBouncer 1.18 via pg): int4 columns as numbers, bigint ones as strings.
const row = (over: Record<string, unknown>) => ({
  database: "appdb",
  user: "app",
  cl_active: 1,
  cl_waiting: 0,
  cl_active_cancel_req: 0,
  sv_active: 0,
  sv_idle: 1,
  sv_used: 0,
  sv_tested: 0,
  sv_login: 0,
  maxwait: 0,
  maxwait_us: 0,
  pool_mode: "transaction",
  ...over,
});

describe("sumPools", () => {
  const cases = [
    { name: "no row for the database yet", rows: [row({ database: "pgbouncer" })], db: "appdb", want: null },
    {
      name: "one pool",
      rows: [row({ cl_active: 3, sv_active: 2 })],
      db: "appdb",
      want: { clActive: 3, svActive: 2, clWaiting: 0, maxwaitSec: 0 },
    },
    {
      name: "numbers as strings",
      rows: [row({ cl_active: "5", cl_waiting: "2", maxwait: "1", maxwait_us: "250000" })],
      db: "appdb",
      want: { clActive: 5, clWaiting: 2, maxwaitSec: 1.25 },
    },
    {
      name: "users summed, worst wait kept",
      rows: [
        row({ cl_waiting: 1, maxwait: 2 }),
        row({ user: "other", cl_waiting: 3, maxwait: 0, maxwait_us: 500000 }),
      ],
      db: "appdb",
      want: { clWaiting: 4, maxwaitSec: 2, users: ["app", "other"] },
    },
    {
      name: "older PgBouncer without maxwait_us",
      rows: [{ database: "appdb", user: "app", cl_active: 1, cl_waiting: 0, sv_active: 1, maxwait: 3 }],
      db: "appdb",
      want: { maxwaitSec: 3, svIdle: 0, poolMode: null },
    },
  ];
  it.each(cases)("$name", ({ rows, db, want }) => {
    const out = sumPools(rows, db);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    if (want === null) expect(out.value).toBeNull();
    else expect(out.value).toMatchObject(want);
  });

  it("filters by pool user", () => {
    const out = sumPools([row({ cl_active: 1 }), row({ user: "other", cl_active: 7 })], "appdb", "other");
    expect(out.ok && out.value?.clActive).toBe(7);
  });

  it("refuses a row whose count is not a number", () => {
    const out = sumPools([row({ cl_waiting: "lots" })], "appdb");
    expect(out).toEqual({ ok: false, error: expect.stringContaining("cl_waiting") });
  });
});

describe("poolSizeOf / readStats", () => {
  it("reads pool_size of the named database", () => {
    const rows = [
      { name: "pgbouncer", pool_size: 2 },
      { name: "appdb", pool_size: "20" },
    ];
    expect(poolSizeOf(rows, "appdb")).toBe(20);
    expect(poolSizeOf(rows, "nope")).toBeNull();
  });

  it("turns microsecond averages into ms", () => {
    const rows = [
      {
        database: "appdb",
        total_xact_count: "10",
        total_query_count: "12",
        avg_xact_time: "1500",
        avg_query_time: "952",
        avg_wait_time: "3139",
      },
    ];
    expect(readStats(rows, "appdb")).toEqual({
      totalXacts: 10,
      totalQueries: 12,
      avgXactMs: 1.5,
      avgQueryMs: 0.952,
      avgWaitMs: 3.139,
    });
    expect(readStats(rows, "other")).toBeNull();
  });
});
