import { describe, expect, it, vi } from "vitest";
import { createSnapshotWriter } from "@/lib/db/snapshot-writer";
import type { SnapshotRecord } from "@/lib/db/types";
import type { BoardState } from "@/lib/model/board";

function snap(n: number): SnapshotRecord {
  const t = new Date(Date.UTC(2026, 0, 1, 0, 0, n));
  return { id: `s-${n}`, runbookId: "rb", cycle: n, startedAt: t, finishedAt: t, readings: [] };
}

/** A fake database that can be switched off; records every id it accepted, in order. */
function fakeDb() {
  const stored: string[] = [];
  const batches: number[] = [];
  let up = true;
  return {
    stored,
    batches,
    setUp: (v: boolean) => {
      up = v;
    },
    write: async (batch: SnapshotRecord[]) => {
      await Promise.resolve();
      if (!up) throw new Error("connection refused");
      batches.push(batch.length);
      for (const s of batch) if (!stored.includes(s.id)) stored.push(s.id);
    },
  };
}

describe("createSnapshotWriter", () => {
  it("writes in the background, oldest first, batching what queued up", async () => {
    const db = fakeDb();
    const w = createSnapshotWriter({ write: db.write, maxBatch: 3 });
    for (let i = 0; i < 7; i++) w.enqueue(snap(i));
    expect(await w.flush()).toBe(true);
    expect(db.stored).toEqual(["s-0", "s-1", "s-2", "s-3", "s-4", "s-5", "s-6"]);
    expect(Math.max(...db.batches)).toBeLessThanOrEqual(3);
    expect(db.batches.length).toBeLessThan(7); // batched, not one call per snapshot
    expect(w.pending()).toBe(0);
    expect(w.lastError()).toBeNull();
  });

  it("never throws to the caller and keeps snapshots while the database is down, then writes them", async () => {
    const db = fakeDb();
    const errors: string[] = [];
    const pendingSeen: number[] = [];
    const w = createSnapshotWriter({
      write: db.write,
      initialBackoffMs: 1,
      maxBackoffMs: 5,
      onError: (e, state) => {
        errors.push(e.message);
        pendingSeen.push(state.pending);
      },
    });
    db.setUp(false);
    for (let i = 0; i < 5; i++) expect(() => w.enqueue(snap(i))).not.toThrow();
    expect(await w.flush()).toBe(false);
    expect(w.pending()).toBe(5);
    expect(w.lastError()?.message).toBe("connection refused");
    expect(errors.length).toBeGreaterThan(0);
    expect(pendingSeen.at(-1)).toBe(5);

    db.setUp(true);
    w.enqueue(snap(5));
    await vi.waitFor(() => expect(w.pending()).toBe(0), { timeout: 2000, interval: 5 });
    expect(db.stored).toEqual(["s-0", "s-1", "s-2", "s-3", "s-4", "s-5"]);
    expect(w.lastError()).toBeNull();
  });

  it("retries on its own with backoff (no new enqueue needed)", async () => {
    const db = fakeDb();
    let calls = 0;
    const w = createSnapshotWriter({
      write: async (b) => {
        calls += 1;
        return db.write(b);
      },
      initialBackoffMs: 2,
      maxBackoffMs: 4,
    });
    db.setUp(false);
    w.enqueue(snap(1));
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3), { timeout: 2000, interval: 2 });
    db.setUp(true);
    await vi.waitFor(() => expect(db.stored).toEqual(["s-1"]), { timeout: 2000, interval: 2 });
    await w.close();
  });

  it("bounds the buffer by dropping the oldest, counting and reporting the drops", async () => {
    const db = fakeDb();
    const drops: Array<[number, number]> = [];
    const w = createSnapshotWriter({
      write: db.write,
      maxBuffered: 4,
      initialBackoffMs: 60_000,
      onDrop: (now, total) => drops.push([now, total]),
    });
    db.setUp(false);
    for (let i = 0; i < 10; i++) w.enqueue(snap(i));
    await w.flush();
    expect(w.pending()).toBe(4);
    expect(w.dropped()).toBe(6); // s-0 was in flight when the buffer overflowed: dropped on failure
    expect(drops.at(-1)?.[1]).toBe(6);
    db.setUp(true);
    expect(await w.close()).toBe(true);
    expect(db.stored).toEqual(["s-6", "s-7", "s-8", "s-9"]);
  });

  it("a snapshot enqueued while a write is in flight is written after it", async () => {
    const stored: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const w = createSnapshotWriter({
      write: async (batch) => {
        if (batch[0]?.id === "s-0") await gate;
        stored.push(...batch.map((s) => s.id));
      },
    });
    w.enqueue(snap(0));
    w.enqueue(snap(1));
    expect(w.pending()).toBe(2);
    release();
    expect(await w.flush()).toBe(true);
    expect(stored).toEqual(["s-0", "s-1"]);
  });

  it("ignores enqueue after close and tolerates throwing callbacks", async () => {
    const db = fakeDb();
    const w = createSnapshotWriter({
      write: db.write,
      initialBackoffMs: 1,
      onError: () => {
        throw new Error("bad callback");
      },
    });
    db.setUp(false);
    w.enqueue(snap(1));
    expect(await w.flush()).toBe(false);
    db.setUp(true);
    expect(await w.close()).toBe(true);
    w.enqueue(snap(2));
    expect(w.pending()).toBe(0);
    expect(db.stored).toEqual(["s-1"]);
  });

  it("gives up on a write that hangs and retries it", async () => {
    const stored: string[] = [];
    let hang = true;
    const w = createSnapshotWriter({
      write: async (batch) => {
        if (hang) return new Promise(() => {});
        stored.push(...batch.map((s) => s.id));
      },
      writeTimeoutMs: 20,
      initialBackoffMs: 1,
    });
    w.enqueue(snap(1));
    expect(await w.flush()).toBe(false);
    expect(w.lastError()?.message).toMatch(/timed out after 20 ms/);
    hang = false;
    await vi.waitFor(() => expect(stored).toEqual(["s-1"]), { timeout: 2000, interval: 5 });
  });

  it("keeps only the newest board per runbook while snapshots wait, and every snapshot", async () => {
    const db = fakeDb();
    const written: SnapshotRecord[] = [];
    const w = createSnapshotWriter({
      write: async (batch) => {
        await db.write(batch);
        written.push(...batch);
      },
      initialBackoffMs: 1,
      maxBackoffMs: 5,
    });
    const board = (n: number) => ({ serverNow: `cycle ${n}` }) as unknown as BoardState;
    db.setUp(false);
    for (let i = 0; i < 4; i++) w.enqueue({ ...snap(i), board: board(i) });
    w.enqueue({ ...snap(4), runbookId: "other", board: board(4) });
    expect(await w.flush()).toBe(false);
    db.setUp(true);
    expect(await w.flush()).toBe(true);
    expect(written.map((s) => s.id)).toEqual(["s-0", "s-1", "s-2", "s-3", "s-4"]);
    expect(written.filter((s) => s.board).map((s) => [s.runbookId, s.board?.serverNow])).toEqual([
      ["rb", "cycle 3"],
      ["other", "cycle 4"],
    ]);
  });
});
