import type { AuditInput } from "@/lib/db/launch-types";

type Open = { first: AuditInput; extra: number; since: number; endsAt: number };

/**
 * Collapses repeated refusals (a flood of wrong passwords, anonymous calls) into few audit rows: the first
 * of a key in its window is written at once, the rest become one summary row when the window closes.
 */
export class AuditTally {
  private readonly open = new Map<string, Open>();

  constructor(
    readonly windowMs: number,
    readonly maxKeys = 2_000,
  ) {}

  /** The entry to write now (first of its key in the window), or null: counted into the summary. */
  note(key: string, entry: AuditInput, nowMs: number): AuditInput | null {
    const o = this.open.get(key);
    if (o && o.endsAt > nowMs) {
      o.extra++;
      return null;
    }
    // Too many distinct keys at once: they share one window rather than grow the map.
    const k = this.open.size >= this.maxKeys && !o ? "*overflow*" : key;
    const shared = this.open.get(k);
    if (shared && shared.endsAt > nowMs) {
      shared.extra++;
      return null;
    }
    this.open.set(k, { first: entry, extra: 0, since: nowMs, endsAt: nowMs + this.windowMs });
    return entry;
  }

  /** One summary per closed window that counted more than its first entry (all windows with `all`). */
  drain(nowMs: number, all = false): AuditInput[] {
    const out: AuditInput[] = [];
    for (const [key, o] of this.open) {
      if (!all && o.endsAt > nowMs) continue;
      this.open.delete(key);
      if (o.extra === 0) continue;
      const until = new Date(Math.min(nowMs, o.endsAt)).toISOString();
      out.push({
        ...o.first,
        message: `${o.first.message} (and ${o.extra} more like it until ${until})`,
        data: { ...(o.first.data ?? {}), repeated: o.extra, since: new Date(o.since).toISOString(), until },
      });
    }
    return out;
  }

  /** When the earliest open window closes (null: none open). */
  nextCloseMs(): number | null {
    let next: number | null = null;
    for (const o of this.open.values()) if (next === null || o.endsAt < next) next = o.endsAt;
    return next;
  }
}
