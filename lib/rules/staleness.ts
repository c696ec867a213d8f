/** A reading older than two missed cycles plus one timeout can no longer be shown as current. */
export function staleAfterMs(intervalMs: number, timeoutMs: number): number {
  return 2 * intervalMs + timeoutMs;
}

export function describeStaleness(
  collectedAt: string | null,
  nowMs: number,
  limitMs: number,
  cause: string,
): { ageMs: number; reason: string } | null {
  if (collectedAt === null) return null;
  const ageMs = nowMs - Date.parse(collectedAt);
  if (ageMs <= limitMs) return null;
  return { ageMs, reason: `stale: last reading ${formatAge(ageMs)} ago (${cause})` };
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

type Judged = {
  level: string;
  value: unknown;
  summary: string;
  collectedAt: string | null;
  staleAfterMs: number;
};

/** A viewer's own check: a reading the feed stopped refreshing turns unknown on screen, never stays green. */
export function judgeOnClient<T extends Judged>(check: T, serverNowMs: number, cause: string): T {
  const stale = describeStaleness(check.collectedAt, serverNowMs, check.staleAfterMs, cause);
  if (!stale) return check;
  return { ...check, level: "unknown", value: null, gauge: null, summary: stale.reason, stale };
}
