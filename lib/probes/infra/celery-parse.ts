import type { CeleryReplies } from "@/lib/probes/infra/celery-inspect";

/** `inspect stats`: each worker's `total` (task name → count) and pid; null fields are left out. */
export type WorkerStats = {
  worker: string;
  pid: number | null;
  uptime: number | null;
  total: Record<string, number>;
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

export function parseStats(replies: CeleryReplies): WorkerStats[] {
  return Object.entries(replies)
    .map(([worker, raw]) => {
      const r = isRecord(raw) ? raw : {};
      const total: Record<string, number> = {};
      if (isRecord(r.total)) {
        for (const [task, n] of Object.entries(r.total)) if (typeof n === "number") total[task] = n;
      }
      return {
        worker,
        pid: typeof r.pid === "number" ? r.pid : null,
        uptime: typeof r.uptime === "number" ? r.uptime : null,
        total,
      };
    })
    .sort((a, b) => a.worker.localeCompare(b.worker));
}

export const processedOf = (s: WorkerStats) => Object.values(s.total).reduce((a, b) => a + b, 0);

/** Who answers and with which process: a restarted worker starts its counters again from 0. */
export const statsIdentity = (stats: WorkerStats[]) =>
  stats.map((s) => `${s.worker}#${s.pid ?? "?"}`).join(",");

export type ProcessedSample = { at: number; identity: string; processed: number };

/**
 * Tasks per minute over the window: against the newest earlier reading at least windowMs old (the oldest
 * while the window fills). Returns the readings to keep, or why there is no rate yet (first reading, a
 * restarted or another set of workers, counters gone backwards: counting starts again).
 */
export function processedRate(
  kept: readonly ProcessedSample[],
  now: ProcessedSample,
  windowMs: number,
): { keep: ProcessedSample[]; rate: { perMinute: number; tasks: number; seconds: number } | string } {
  const last = kept.at(-1);
  if (!last) return { keep: [now], rate: "first reading: the rate needs a second one" };
  if (last.identity !== now.identity)
    return { keep: [now], rate: "the workers changed (restart): counting again from this reading" };
  if (now.processed < last.processed)
    return { keep: [now], rate: "the counters went backwards (restart): counting again from this reading" };
  const cutoff = now.at - windowMs;
  let base = 0;
  kept.forEach((s, i) => {
    if (s.at <= cutoff) base = i;
  });
  const keep = [...kept.slice(base), now];
  const from = keep[0] as ProcessedSample;
  const seconds = (now.at - from.at) / 1000;
  if (!(seconds > 0)) return { keep, rate: "no time between readings" };
  const tasks = now.processed - from.processed;
  return { keep, rate: { perMinute: Math.round((tasks / seconds) * 60 * 10) / 10, tasks, seconds } };
}

/** `inspect active_queues`: the queue names each worker consumes. */
export function parseActiveQueues(replies: CeleryReplies): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [worker, raw] of Object.entries(replies)) {
    const queues = Array.isArray(raw) ? raw : [];
    out.set(
      worker,
      queues.map((q) => (isRecord(q) && typeof q.name === "string" ? q.name : "?")),
    );
  }
  return out;
}

/** A task in `inspect active` / `reserved`. */
export type TaskInfo = { worker: string; id: string; name: string; timeStart: number | null };

export function parseTasks(replies: CeleryReplies): TaskInfo[] {
  const out: TaskInfo[] = [];
  for (const [worker, raw] of Object.entries(replies)) {
    for (const t of Array.isArray(raw) ? raw : []) {
      if (!isRecord(t)) continue;
      out.push({
        worker,
        id: typeof t.id === "string" ? t.id : "?",
        name: typeof t.name === "string" ? t.name : typeof t.type === "string" ? t.type : "?",
        // Some celery versions give a monotonic clock here, not a wall-clock time: only an epoch is used.
        timeStart: typeof t.time_start === "number" && t.time_start > 1e9 ? t.time_start * 1000 : null,
      });
    }
  }
  return out;
}

/**
 * How long each active task has been running: since its start time when the worker gives a wall-clock one,
 * else since warroom first saw it (so at least that long). Returns the updated first-seen map (only the
 * tasks still active).
 */
export function runningFor(
  tasks: TaskInfo[],
  firstSeen: ReadonlyMap<string, number>,
  nowMs: number,
): { task: TaskInfo; ms: number }[] & { seen: Map<string, number> } {
  const seen = new Map<string, number>();
  const rows = tasks.map((task) => {
    const first = firstSeen.get(task.id) ?? nowMs;
    seen.set(task.id, first);
    const since =
      task.timeStart !== null && task.timeStart <= nowMs ? Math.min(task.timeStart, first) : first;
    return { task, ms: nowMs - since };
  });
  return Object.assign(rows, { seen });
}
