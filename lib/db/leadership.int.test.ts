import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/lib/db/client";
import { type LeaderSession, startLeaderSession, type Term } from "@/lib/db/leader-session";
import { BOARD_CHANNEL, FencedError, fencedWrite, shareBoard } from "@/lib/db/leadership";
import { readLatestBoard } from "@/lib/db/read-latest-board";
import { recordSnapshots } from "@/lib/db/record-snapshots";
import type { BoardState } from "@/lib/model/board";
import { waitFor } from "@/test/support/local-server";
import { createTestDatabase, type TestDatabase, withClient } from "@/test/support/test-database";

// Two dashboards' leader sessions on one PostgreSQL, in one test process: the lock, the epoch that fences a
// deposed leader's writes, a terminated backend that costs the lead, and the board's NOTIFY to followers.
const RUNBOOK = "leadership-test";
let database: TestDatabase;
let db: Awaited<ReturnType<typeof openDb>>;
const sessions: LeaderSession[] = [];

beforeAll(async () => {
  database = await createTestDatabase("leadership");
  db = await openDb({ kind: "postgres", url: database.url });
}, 60_000);

afterAll(async () => {
  for (const s of sessions) await s.stop();
  await db?.close();
  await database?.drop();
});

type Seen = { terms: Term[]; downs: string[]; notes: string[] };

function session(name: string): Seen & { session: LeaderSession } {
  const seen: Seen = { terms: [], downs: [], notes: [] };
  const s = startLeaderSession({
    url: database.url,
    runbookId: RUNBOOK,
    instanceId: name,
    tickMs: 200,
    onLead: (t) => seen.terms.push(t),
    onStepDown: (r) => seen.downs.push(r),
    onNotification: (channel, payload) => channel === BOARD_CHANNEL && seen.notes.push(payload),
  });
  sessions.push(s);
  return { ...seen, session: s };
}

const board = (n: number) =>
  ({ serverNow: new Date(Date.now() + n).toISOString(), cycle: { number: n } }) as unknown as BoardState;

describe("one leader per runbook on one PostgreSQL", () => {
  it("one session leads; its epoch fences writes; a terminated backend steps it down and the other leads with the next epoch", async () => {
    const a = session("replica-a");
    await waitFor(() => a.terms.length === 1, 10_000);
    const b = session("replica-b");
    // B tries the lock every tick and never gets it while A's session lives.
    await new Promise((r) => setTimeout(r, 800));
    expect(b.terms).toEqual([]);
    expect(a.session.isLeader()).toBe(true);
    const first = a.terms[0]?.epoch ?? -1;
    const fenceA = { runbookId: RUNBOOK, epoch: first };

    // A's board reaches B by NOTIFY (an id, not the board), and B reads it from the table.
    await shareBoard(db.client, fenceA, { cycle: 7, snapshotId: "s7", board: board(7) });
    await waitFor(() => b.notes.length === 1, 5000);
    expect(JSON.parse(b.notes[0] ?? "{}")).toEqual({ runbookId: RUNBOOK, epoch: first, cycle: 7 });
    expect((await readLatestBoard(db.client, RUNBOOK))?.cycle).toBe(7);

    // The network cuts A's session (the backend terminated): A steps down, B takes the lock and the next epoch.
    const killed = await withClient(database.url, (c) =>
      c.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'warroom-leader replica-a'",
      ),
    );
    expect(killed.rowCount).toBe(1);
    await waitFor(() => a.downs.length === 1, 5000);
    expect(a.downs[0]).toMatch(/terminating connection|session (lost|ended)/);
    await waitFor(() => b.terms.length === 1 || a.terms.length === 2, 5000);
    const leaders = [a, b].filter((x) => x.session.isLeader());
    expect(leaders).toHaveLength(1);
    const second = (b.terms[0] ?? a.terms[1])?.epoch;
    expect(second).toBe(first + 1);

    // A's term is over: its snapshots, events and boards are refused, whoever leads now.
    const snapshot = {
      id: "00000000-0000-4000-8000-00000000000a",
      runbookId: RUNBOOK,
      cycle: 8,
      startedAt: new Date(),
      finishedAt: new Date(),
      readings: [],
    };
    await expect(recordSnapshots(db.client, [snapshot], fenceA)).rejects.toBeInstanceOf(FencedError);
    await expect(
      fencedWrite(db.client, fenceA, (tx) =>
        tx.event.create({ data: { kind: "level-change", message: "late", data: {} } }),
      ),
    ).rejects.toBeInstanceOf(FencedError);
    await expect(
      shareBoard(db.client, fenceA, { cycle: 8, snapshotId: "s8", board: board(8) }),
    ).rejects.toBeInstanceOf(FencedError);
    expect(await db.client.event.count()).toBe(0);
    expect(await db.client.snapshot.count()).toBe(0);
    // The new term's board replaces the old one even if its host's clock is behind.
    const fenceNow = { runbookId: RUNBOOK, epoch: second ?? -1 };
    await shareBoard(db.client, fenceNow, { cycle: 9, snapshotId: "s9", board: board(-60_000) });
    expect(await readLatestBoard(db.client, RUNBOOK)).toMatchObject({ cycle: 9, epoch: second });
    expect(await recordSnapshots(db.client, [snapshot], fenceNow)).toEqual({ snapshots: 1, readings: 0 });
  });
});
