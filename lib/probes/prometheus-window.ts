/** Counter values of one scrape, by key (e.g. "total", "errors", "le:0.5"). */
export type Scrape = { at: number; counters: ReadonlyMap<string, number> };

export type WindowStep =
  | { kind: "baseline" }
  | { kind: "reset"; key: string }
  | { kind: "delta"; spanMs: number; delta: Map<string, number> };

const MAX_SCRAPES = 1000;

/**
 * Earlier scrapes of one check, kept in its ProbeContext state. The delta is taken against the newest
 * scrape at least one window old (the oldest while the window fills). A counter that went down, or a
 * changed set of series, means the target restarted: the window starts again from this scrape.
 */
export class ScrapeWindow {
  private scrapes: Scrape[] = [];

  get size(): number {
    return this.scrapes.length;
  }

  add(scrape: Scrape, windowMs: number): WindowStep {
    const previous = this.scrapes[this.scrapes.length - 1];
    if (!previous) {
      this.scrapes = [scrape];
      return { kind: "baseline" };
    }
    const resetKey = findReset(previous.counters, scrape.counters);
    if (resetKey !== null) {
      this.scrapes = [scrape];
      return { kind: "reset", key: resetKey };
    }
    this.scrapes.push(scrape);
    const cutoff = scrape.at - windowMs;
    let base = 0;
    for (let i = 0; i < this.scrapes.length - 1; i++) {
      if ((this.scrapes[i]?.at ?? Number.POSITIVE_INFINITY) <= cutoff) base = i;
    }
    base = Math.max(base, this.scrapes.length - MAX_SCRAPES);
    this.scrapes = this.scrapes.slice(base);
    const from = this.scrapes[0] ?? scrape;
    const delta = new Map<string, number>();
    for (const [key, value] of scrape.counters) delta.set(key, value - (from.counters.get(key) ?? 0));
    return { kind: "delta", spanMs: scrape.at - from.at, delta };
  }
}

function findReset(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): string | null {
  if (before.size !== after.size) return "series set changed";
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined) return `${key} appeared`;
    if (value < old) return key;
  }
  return null;
}
