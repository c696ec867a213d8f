import "server-only";
import type { SnapshotRecord } from "@/lib/db/types";
import { log } from "@/lib/runtime/log";
import { createRetryTimer } from "@/lib/runtime/retry";

export type SnapshotWriterOptions = {
  /** Persists one batch (oldest first). Must be idempotent on snapshot id: a batch may be re-sent. */
  write: (batch: SnapshotRecord[]) => Promise<unknown>;
  /** Snapshots kept while the database is away; beyond it the oldest are dropped. Default 2 h of 1 s cycles. */
  maxBuffered?: number;
  /** Largest batch handed to `write`. Default 100. */
  maxBatch?: number;
  /** First retry delay after a failed write; doubles up to `maxBackoffMs`. Defaults 500 ms / 15 s. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A write that has not settled by then counts as failed (a half-open connection can hang). Default 30 s. */
  writeTimeoutMs?: number;
  onError?: (error: Error, state: { pending: number; retryInMs: number }) => void;
  /** Told when snapshots are dropped; default: a console warning at most once a minute. */
  onDrop?: (droppedNow: number, droppedTotal: number) => void;
};

export type SnapshotWriter = {
  /** Never blocks, never throws. */
  enqueue: (snapshot: SnapshotRecord) => void;
  /** Writes what is queued now; resolves true once drained, false if a write failed (it will retry later). */
  flush: () => Promise<boolean>;
  pending: () => number;
  lastError: () => Error | null;
  dropped: () => number;
  /** Final flush; afterwards nothing is retried and enqueue is ignored. */
  close: () => Promise<boolean>;
};

export const DEFAULT_MAX_BUFFERED = 2 * 60 * 60;

export function createSnapshotWriter(opts: SnapshotWriterOptions): SnapshotWriter {
  const maxBuffered = Math.max(1, opts.maxBuffered ?? DEFAULT_MAX_BUFFERED);
  const maxBatch = Math.max(1, opts.maxBatch ?? 100);
  const writeTimeout = opts.writeTimeoutMs ?? 30_000;
  const onDrop = opts.onDrop ?? warnDropsOncePerMinute();

  const queue: SnapshotRecord[] = [];
  let inFlight: SnapshotRecord[] = [];
  let error: Error | null = null;
  let droppedTotal = 0;
  let closed = false;
  let running: Promise<boolean> | null = null;
  const retry = createRetryTimer(
    { initialMs: opts.initialBackoffMs ?? 500, maxMs: opts.maxBackoffMs ?? 15_000 },
    () => void run(),
  );

  /** Oldest in-flight snapshots to discard if their write fails: the buffer overflowed meanwhile. */
  let doomed = 0;

  const pending = () => queue.length + inFlight.length - doomed;

  function reportDrops(count: number): void {
    if (count <= 0) return;
    droppedTotal += count;
    safely(() => onDrop(count, droppedTotal));
  }

  /** Drops the oldest beyond `maxBuffered`; the in-flight batch is older than anything queued. */
  function trim(): void {
    let excess = pending() - maxBuffered;
    if (excess <= 0) return;
    const fromFlight = Math.min(excess, inFlight.length - doomed);
    doomed += fromFlight;
    excess -= fromFlight;
    queue.splice(0, excess);
    reportDrops(excess);
  }

  /** Only the newest board of a runbook is stored: older ones waiting need not stay in memory. */
  function keepNewestBoards(): void {
    const seen = new Set<string>();
    for (let i = queue.length - 1; i >= 0; i--) {
      const s = queue[i];
      if (!s?.board) continue;
      if (seen.has(s.runbookId)) queue[i] = { ...s, board: null };
      seen.add(s.runbookId);
    }
  }

  /** One pass: write batches until empty (true) or a failure (false, retry scheduled). */
  async function drain(): Promise<boolean> {
    while (queue.length > 0) {
      inFlight = queue.splice(0, maxBatch);
      doomed = 0;
      try {
        await withTimeout(opts.write(inFlight), writeTimeout);
        inFlight = [];
        doomed = 0;
        error = null;
        retry.succeeded();
      } catch (e) {
        const back = inFlight.slice(doomed);
        const lost = doomed;
        inFlight = [];
        doomed = 0;
        queue.unshift(...back);
        keepNewestBoards();
        reportDrops(lost);
        error = e instanceof Error ? e : new Error(String(e));
        const retryInMs = retry.failed();
        const failed = error;
        safely(() => opts.onError?.(failed, { pending: pending(), retryInMs }));
        if (!closed) retry.schedule(retryInMs);
        return false;
      }
    }
    return true;
  }

  function run(): Promise<boolean> {
    retry.cancel();
    running ??= drain().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    enqueue(snapshot) {
      if (closed) return;
      queue.push(snapshot);
      if (snapshot.board) keepNewestBoards();
      trim();
      // While backing off, wait for the timer: hammering a dead database every cycle helps nobody.
      if (!retry.isWaiting()) void run();
    },
    flush: async () => {
      // A pass already running may have started before the latest enqueue: run again after it.
      if (running) await running;
      return run();
    },
    pending,
    lastError: () => error,
    dropped: () => droppedTotal,
    close: async () => {
      if (running) await running;
      const drained = await run();
      closed = true;
      retry.cancel();
      return drained;
    },
  };
}

/** The abandoned write may still land later; re-sending is safe because writes are idempotent. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`snapshot write timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // a broken callback must not break the writer
  }
}

function warnDropsOncePerMinute(): (droppedNow: number, droppedTotal: number) => void {
  let lastWarnAt = 0;
  return (_now, total) => {
    if (Date.now() - lastWarnAt < 60_000) return;
    lastWarnAt = Date.now();
    log().warn(
      { event: "snapshots-dropped", droppedTotal: total },
      "snapshot buffer full: dropped the oldest snapshots",
    );
  };
}
