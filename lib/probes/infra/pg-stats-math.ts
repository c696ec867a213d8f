/** pg_stat_database counters of one database at one moment. */
export type DbCounters = {
  at: number;
  statsReset: string;
  commits: number;
  rollbacks: number;
  hit: number;
  read: number;
};

export type Delta = { seconds: number; xacts: number; hit: number; read: number };

/**
 * Counters between two readings, or why not: the first reading, a stats reset or a server restart (the
 * counters start again) give no interval to rate.
 */
export function counterDelta(previous: DbCounters | undefined, now: DbCounters): Delta | string {
  if (!previous) return "first reading: a rate needs a second one";
  if (previous.statsReset !== now.statsReset)
    return "statistics were reset: counting again from this reading";
  const d = {
    seconds: (now.at - previous.at) / 1000,
    xacts: now.commits + now.rollbacks - previous.commits - previous.rollbacks,
    hit: now.hit - previous.hit,
    read: now.read - previous.read,
  };
  if (d.xacts < 0 || d.hit < 0 || d.read < 0) return "the counters went backwards (restart): counting again";
  if (!(d.seconds > 0)) return "no time between readings";
  return d;
}

/** Buffer hits in % of block lookups; null without lookups. */
export function hitPercent(hit: number, read: number): number | null {
  const lookups = hit + read;
  return lookups > 0 ? Math.round((1000 * hit) / lookups) / 10 : null;
}
