// Counting the followed log streams: each line is classified once, into time buckets. Pure.

export type LogRules = { access: RegExp; failStatus: number; patterns: readonly RegExp[] };

/** Lines longer than this are cut before matching: a binary blob or an HTML page must not stall the stream. */
export const MAX_LINE_CHARS = 4096;

export type LineClass =
  | { kind: "request"; status: number; failed: boolean }
  | { kind: "error-line" }
  | { kind: "other" };

export function compileLogRules(opts: {
  accessLine: string;
  failStatus: number;
  patterns: readonly string[];
}): LogRules {
  return {
    access: new RegExp(opts.accessLine),
    failStatus: opts.failStatus,
    patterns: opts.patterns.map((p) => new RegExp(p, "i")),
  };
}

/** An access line is a request (whatever else it says); any other line matching an error pattern is an error line. */
export function classifyLine(text: string, rules: LogRules): LineClass {
  const line = text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text;
  const status = Number(rules.access.exec(line)?.groups?.status);
  if (Number.isInteger(status) && status >= 100 && status <= 599) {
    return { kind: "request", status, failed: status >= rules.failStatus };
  }
  return rules.patterns.some((re) => re.test(line)) ? { kind: "error-line" } : { kind: "other" };
}

export type WindowCounts = {
  requests: number;
  failures: number;
  errorLines: number;
  /** Time of the earliest failing request still in the window. */
  firstFailureMs: number | null;
};

type Bucket = WindowCounts & { startMs: number };

export type LineWindow = {
  add: (cls: LineClass, atMs: number) => void;
  counts: (nowMs: number) => WindowCounts;
};

/**
 * Counts over the last `windowMs` in `bucketMs` slots: memory is fixed however many lines arrive, and a
 * line is added in constant time. Lines older than the window are dropped; lines from the future (clock
 * skew) count as now.
 */
export function createLineWindow(windowMs: number, bucketMs = 100): LineWindow {
  const slots = Math.ceil(windowMs / bucketMs) + 1;
  const buckets: Bucket[] = Array.from({ length: slots }, () => empty(Number.NEGATIVE_INFINITY));
  let latestMs = Number.NEGATIVE_INFINITY;

  const slotOf = (startMs: number) => {
    const i = Math.floor(startMs / bucketMs) % slots;
    let b = buckets[i] as Bucket;
    if (b.startMs !== startMs) {
      b = empty(startMs);
      buckets[i] = b;
    }
    return b;
  };

  return {
    add(cls, atMs) {
      if (cls.kind === "other") return;
      latestMs = Math.max(latestMs, atMs);
      const at = Math.min(atMs, latestMs);
      if (at <= latestMs - windowMs) return;
      const b = slotOf(Math.floor(at / bucketMs) * bucketMs);
      if (cls.kind === "error-line") {
        b.errorLines += 1;
        return;
      }
      b.requests += 1;
      if (cls.failed) {
        b.failures += 1;
        b.firstFailureMs = b.firstFailureMs === null ? at : Math.min(b.firstFailureMs, at);
      }
    },
    counts(nowMs) {
      const out: WindowCounts = { requests: 0, failures: 0, errorLines: 0, firstFailureMs: null };
      for (const b of buckets) {
        if (b.startMs + bucketMs <= nowMs - windowMs || b.startMs > nowMs) continue;
        out.requests += b.requests;
        out.failures += b.failures;
        out.errorLines += b.errorLines;
        if (
          b.firstFailureMs !== null &&
          (out.firstFailureMs === null || b.firstFailureMs < out.firstFailureMs)
        )
          out.firstFailureMs = b.firstFailureMs;
      }
      return out;
    },
  };
}

function empty(startMs: number): Bucket {
  return { startMs, requests: 0, failures: 0, errorLines: 0, firstFailureMs: null };
}

/** "2026-04-23T13:00:00.123456789Z message" (timestamps: true) → engine time in ms and the message. */
export function splitStamp(text: string): { atMs: number | null; message: string } {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z (.*)$/s.exec(text);
  if (!m?.[1] || m[3] === undefined) return { atMs: null, message: text };
  const ms = Date.parse(`${m[1]}Z`);
  const frac = m[2] ? Number(`0${m[2]}`) * 1000 : 0;
  return Number.isFinite(ms) ? { atMs: ms + frac, message: m[3] } : { atMs: null, message: text };
}
