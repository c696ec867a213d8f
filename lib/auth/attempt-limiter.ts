/** A fixed window: at most `max` counted attempts per key per `windowMs`. */
export type LimitWindow = { max: number; windowMs: number };

type Bucket = { n: number; resetAt: number };

/** Counts attempts per key in fixed windows; bounded in keys so a flood of new keys cannot grow it. */
export class AttemptLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly window: LimitWindow,
    readonly maxKeys = 10_000,
  ) {}

  /** Seconds until `key` may try again; 0 when it may try now. */
  retryAfterSec(key: string, nowMs: number): number {
    const b = this.buckets.get(key);
    if (!b || b.resetAt <= nowMs || b.n < this.window.max) return 0;
    return Math.max(1, Math.ceil((b.resetAt - nowMs) / 1000));
  }

  take(key: string, nowMs: number): void {
    const b = this.buckets.get(key);
    if (b && b.resetAt > nowMs) {
      b.n++;
      return;
    }
    if (this.buckets.size >= this.maxKeys) this.sweep(nowMs);
    this.buckets.set(key, { n: 1, resetAt: nowMs + this.window.windowMs });
  }

  /** Gives an attempt back (a successful sign-in does not count against anyone). */
  giveBack(key: string): void {
    const b = this.buckets.get(key);
    if (b && b.n > 0) b.n--;
  }

  private sweep(nowMs: number): void {
    for (const [k, b] of this.buckets) if (b.resetAt <= nowMs) this.buckets.delete(k);
    // Still full of live keys: forget the oldest rather than grow without bound.
    const oldest = this.buckets.keys().next();
    if (this.buckets.size >= this.maxKeys && !oldest.done) this.buckets.delete(oldest.value);
  }
}

/** Sign-in attempts: per client address and per person, whichever is exhausted first answers 429. */
export class SignInLimits {
  constructor(
    readonly client: AttemptLimiter = new AttemptLimiter({ max: 10, windowMs: 60_000 }),
    readonly person: AttemptLimiter = new AttemptLimiter({ max: 20, windowMs: 300_000 }),
  ) {}

  /** 0 and the attempt counted against both keys, or the seconds to wait (nothing counted). */
  begin(clientKey: string, personKey: string | null, nowMs: number): number {
    const wait = Math.max(
      this.client.retryAfterSec(clientKey, nowMs),
      personKey ? this.person.retryAfterSec(personKey, nowMs) : 0,
    );
    if (wait > 0) return wait;
    this.client.take(clientKey, nowMs);
    if (personKey) this.person.take(personKey, nowMs);
    return 0;
  }

  succeeded(clientKey: string, personKey: string | null): void {
    this.client.giveBack(clientKey);
    if (personKey) this.person.giveBack(personKey);
  }
}
