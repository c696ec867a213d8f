import { describe, expect, it } from "vitest";
import {
  parseActiveQueues,
  parseStats,
  parseTasks,
  processedOf,
  processedRate,
  runningFor,
  statsIdentity,
} from "@/lib/probes/infra/celery-parse";

// Replies as celery 5.2's workers send them (trimmed).
const STATS = {
  "worker1@deal-scout": {
    pid: 7,
    uptime: 120,
    pool: { "max-concurrency": 1 },
    total: { "app.tasks.scan.scan_all": 60, "app.tasks.notify.send_notifications": 58 },
  },
};

describe("celery inspect replies", () => {
  it("stats: counters per task, pid and uptime", () => {
    const [w] = parseStats(STATS);
    expect(w).toMatchObject({ worker: "worker1@deal-scout", pid: 7, uptime: 120 });
    expect(w && processedOf(w)).toBe(118);
    expect(statsIdentity(parseStats(STATS))).toBe("worker1@deal-scout#7");
    expect(parseStats({ w: "not an object" })[0]).toMatchObject({ pid: null, total: {} });
  });

  it("active_queues: the queue names each worker consumes (none after cancel_consumer)", () => {
    const q = parseActiveQueues({ a: [{ name: "celery", routing_key: "celery" }], b: [] });
    expect(q.get("a")).toEqual(["celery"]);
    expect(q.get("b")).toEqual([]);
  });

  it("active/reserved: tasks with a wall-clock start only when the worker gives one", () => {
    const tasks = parseTasks({
      w: [
        { id: "1", name: "app.tasks.scan.scan_all", time_start: 1_764_900_000.5 },
        { id: "2", type: "app.tasks.notify.send_notifications", time_start: 5123.4 },
      ],
    });
    expect(tasks.map((t) => [t.id, t.name, t.timeStart])).toEqual([
      ["1", "app.tasks.scan.scan_all", 1_764_900_000_500],
      ["2", "app.tasks.notify.send_notifications", null],
    ]);
  });

  it("running for: since the start time, else since first seen; forgets finished tasks", () => {
    const now = 1_764_900_100_000;
    const tasks = parseTasks({
      w: [
        { id: "a", name: "x", time_start: 1_764_900_000 },
        { id: "b", name: "y" },
      ],
    });
    const rows = runningFor(
      tasks,
      new Map([
        ["b", now - 400_000],
        ["gone", now - 1],
      ]),
      now,
    );
    expect(rows.map((r) => r.ms)).toEqual([100_000, 400_000]);
    expect([...rows.seen.keys()]).toEqual(["a", "b"]);
  });
});

describe("processed per minute over a window", () => {
  const at = (s: number) => s * 1000;
  const sample = (s: number, processed: number, identity = "w#7") => ({ at: at(s), identity, processed });

  it("has no rate on the first reading, nor after a restart", () => {
    expect(processedRate([], sample(0, 10), 60_000).rate).toMatch(/first reading/);
    expect(processedRate([sample(0, 10)], sample(5, 3), 60_000).rate).toMatch(/backwards/);
    expect(processedRate([sample(0, 10)], sample(5, 12, "w#8"), 60_000).rate).toMatch(/workers changed/);
  });

  it("rates against the newest reading at least a window old, keeping only what it needs", () => {
    const kept = [sample(0, 0), sample(30, 30), sample(61, 61), sample(90, 90)];
    const { keep, rate } = processedRate(kept, sample(125, 125), 60_000);
    expect(rate).toEqual({ perMinute: 60, tasks: 64, seconds: 64 });
    expect(keep.map((s) => s.at)).toEqual([at(61), at(90), at(125)]);
  });

  it("reads 0 per minute when nothing was processed (the queue not consumed)", () => {
    const { rate } = processedRate([sample(0, 50), sample(5, 50)], sample(10, 50), 60_000);
    expect(rate).toMatchObject({ perMinute: 0, tasks: 0 });
  });
});
