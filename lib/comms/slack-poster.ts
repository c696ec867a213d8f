import "server-only";
import { randomUUID } from "node:crypto";
import { sendWebhook } from "@/lib/comms/send-webhook";
import { retryAttempts } from "@/lib/runtime/retry";

export const POST_STATES = ["queued", "sending", "retrying", "sent", "failed"] as const;
export type PostState = (typeof POST_STATES)[number];

export type PostAttempt = {
  n: number;
  startedAt: string;
  durationMs: number;
  ok: boolean;
  status: number | null;
  error: string | null;
  /** Set when another attempt follows, after this delay. */
  retryInMs: number | null;
};

export type PostRecord = {
  id: string;
  text: string;
  meta: Record<string, string>;
  state: PostState;
  attempts: PostAttempt[];
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type SlackPosterOptions = {
  /** The incoming-webhook URL (a secret: never shown in records or errors). */
  url: string;
  timeoutMs?: number;
  /** Attempts per message, the first included. */
  maxAttempts?: number;
  /** First retry delay; doubled each time, capped at maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Messages waiting beyond this are refused (failed at once) rather than piling up. */
  maxQueued?: number;
  /** Finished records kept for status()/list(). */
  historyLimit?: number;
  /** Called after every attempt (audit log, metrics). Exceptions from it are swallowed. */
  onAttempt?: (record: PostRecord, attempt: PostAttempt) => void;
};

export type SlackPoster = {
  /** Queue a message; returns its id at once. Never throws, never waits for the network. */
  post: (text: string, meta?: Record<string, string>) => string;
  status: (id: string) => PostRecord | null;
  /** Newest first. */
  list: () => PostRecord[];
  /** Stop: cancel the request in flight and fail what is still queued. */
  close: () => void;
};

/** Slack mrkdwn needs exactly these three escaped in `text`. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function copy(r: PostRecord): PostRecord {
  return { ...r, meta: { ...r.meta }, attempts: r.attempts.map((a) => ({ ...a })) };
}

/**
 * Fire-and-forget poster: one FIFO queue, one message in flight (so updates arrive in order), bounded
 * retries with exponential backoff on 5xx/429/timeouts/refused connections.
 */
export function createSlackPoster(opts: SlackPosterOptions): SlackPoster {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 4);
  const backoff = { initialMs: opts.backoffMs ?? 1000, maxMs: opts.maxBackoffMs ?? 30_000 };
  const maxQueued = opts.maxQueued ?? 100;
  const historyLimit = opts.historyLimit ?? 200;

  const records = new Map<string, PostRecord>();
  const queue: string[] = [];
  const closing = new AbortController();
  let pumping = false;

  function finish(r: PostRecord, state: "sent" | "failed", error: string | null): void {
    r.state = state;
    r.lastError = error ?? r.lastError;
    r.finishedAt = new Date().toISOString();
    trimHistory();
  }

  function trimHistory(): void {
    const finished = [...records.values()].filter((r) => r.finishedAt !== null);
    for (const r of finished.slice(0, Math.max(0, finished.length - historyLimit))) records.delete(r.id);
  }

  function report(r: PostRecord, a: PostAttempt): void {
    try {
      opts.onAttempt?.(copy(r), { ...a });
    } catch {
      // A broken observer must not stop delivery.
    }
  }

  async function deliver(r: PostRecord): Promise<void> {
    const { aborted } = await retryAttempts({
      maxAttempts,
      backoff,
      signal: closing.signal,
      attempt: async () => {
        r.state = "sending";
        const started = performance.now();
        const startedAt = new Date().toISOString();
        const out = await sendWebhook(opts.url, escapeSlackText(r.text), timeoutMs, closing.signal);
        return { out, startedAt, durationMs: Math.round(performance.now() - started) };
      },
      // A 429's Retry-After replaces the schedule (still capped).
      shouldRetry: ({ out }) => !out.ok && out.isRetryable && (out.retryAfterMs ?? true),
      onAttempt: ({ out, startedAt, durationMs }, n, delay) => {
        const attempt: PostAttempt = {
          n,
          startedAt,
          durationMs,
          ok: out.ok,
          status: out.status,
          error: out.error,
          retryInMs: delay,
        };
        r.attempts.push(attempt);
        if (out.error) r.lastError = out.error;
        if (out.ok) finish(r, "sent", null);
        else if (delay === null) finish(r, "failed", out.error);
        else r.state = "retrying";
        report(r, attempt);
      },
    });
    if (aborted) finish(r, "failed", "cancelled: poster closed");
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const r = records.get(id);
        if (r && r.state === "queued") await deliver(r);
      }
    } finally {
      pumping = false;
    }
  }

  return {
    post(text, meta = {}) {
      const r: PostRecord = {
        id: randomUUID(),
        text,
        meta: { ...meta },
        state: "queued",
        attempts: [],
        lastError: null,
        createdAt: new Date().toISOString(),
        finishedAt: null,
      };
      records.set(r.id, r);
      if (closing.signal.aborted) finish(r, "failed", "poster closed");
      else if (queue.length >= maxQueued) finish(r, "failed", `queue full (${maxQueued} messages waiting)`);
      else {
        queue.push(r.id);
        queueMicrotask(() => void pump());
      }
      return r.id;
    },
    status: (id) => {
      const r = records.get(id);
      return r ? copy(r) : null;
    },
    list: () => [...records.values()].reverse().map(copy),
    close() {
      // Also ends a backoff wait at once.
      closing.abort();
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const r = records.get(id);
        if (r) finish(r, "failed", "poster closed");
      }
    },
  };
}
