/** The smallest valid runbook input around `checks` (T-0 fixed, UTC), for tests that run a collector. */
export function minimalRunbook(id: string, intervalMs: number, checks: Record<string, unknown>[]) {
  return {
    id,
    name: id,
    system: "test",
    launch: { local: "2026-04-23T09:00", timeZone: "UTC" },
    collector: { intervalMs, defaultTimeoutMs: Math.min(2000, intervalMs - 200) },
    checks,
  };
}
