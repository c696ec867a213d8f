import "server-only";
import pg from "pg";
import { BOARD_CHANNEL, CHANGE_CHANNEL } from "@/lib/db/leadership";

/** The advisory lock's first key: warroom's leader locks (the second key is the runbook id's hash). */
const LOCK_CLASS = 1_919_902_062;

export type Term = { epoch: number; since: Date };

export type LeaderSessionOptions = {
  /** Straight to PostgreSQL: a session lock and LISTEN do not survive PgBouncer in transaction mode. */
  url: string;
  runbookId: string;
  instanceId: string;
  /** How often a follower tries the lock and a leader checks that its session still answers. */
  tickMs: number;
  onLead: (term: Term) => void;
  onStepDown: (reason: string) => void;
  onNotification: (channel: string, payload: string) => void;
  /** A session (re)opened: notifications sent while it was down were missed. */
  onConnected?: () => void;
  onError?: (message: string) => void;
};

export type LeaderSession = {
  isLeader: () => boolean;
  /** Give the lead up now (the database refused this term's write): the session is closed, the lock freed. */
  abandon: (reason: string) => void;
  stop: () => Promise<void>;
};

/**
 * One dedicated `pg` session per process, outside the Prisma pool. A follower tries
 * pg_try_advisory_lock on every tick; the one that gets it takes the next epoch and leads for as long as
 * that session lives. The lock is the session's: if the process dies, the connection drops or the backend
 * is terminated, PostgreSQL releases it and another replica takes it on its next tick. The leader learns
 * of a lost session from the client's error/end events, or when its tick's query goes unanswered, and
 * steps down before anything else is written under its epoch (the writes check it anyway).
 */
export function startLeaderSession(o: LeaderSessionOptions): LeaderSession {
  let client: pg.Client | null = null;
  let leading = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let busy = false;

  const lose = (reason: string) => {
    const c = client;
    client = null;
    if (c) {
      c.removeAllListeners("notification");
      c.end().catch(() => {});
    }
    if (leading) {
      leading = false;
      o.onStepDown(reason);
    }
  };

  async function connect(): Promise<pg.Client> {
    const c = new pg.Client({
      connectionString: o.url,
      application_name: `warroom-leader ${o.instanceId}`.slice(0, 63),
      keepAlive: true,
      keepAliveInitialDelayMillis: Math.max(1000, o.tickMs),
      connectionTimeoutMillis: Math.max(2000, 2 * o.tickMs),
    });
    // Both fire when the backend is terminated or the connection drops, with or without a query running.
    c.on("error", (err) => client === c && lose(`leader session lost: ${err.message}`));
    c.on("end", () => client === c && lose("leader session ended"));
    c.on("notification", (m) => o.onNotification(m.channel, m.payload ?? ""));
    await c.connect();
    // A host that vanishes without closing its socket: the server drops the session (and the lock) soon.
    const userTimeout = Math.max(2000, 2 * o.tickMs);
    await c
      .query(
        `SET tcp_keepalives_idle = 1; SET tcp_keepalives_interval = 1; SET tcp_user_timeout = ${userTimeout}`,
      )
      .catch(() => {}); // over a Unix socket these do not apply
    await c.query(`LISTEN ${BOARD_CHANNEL}; LISTEN ${CHANGE_CHANNEL}`);
    return c;
  }

  const bounded = <T>(p: Promise<T>, what: string): Promise<T> =>
    Promise.race([
      p,
      new Promise<T>((_, reject) =>
        setTimeout(
          () => reject(new Error(`${what} unanswered after ${2 * o.tickMs} ms`)),
          2 * o.tickMs,
        ).unref(),
      ),
    ]);

  async function tick() {
    if (!client) {
      client = await connect().catch((err: unknown) => {
        o.onError?.(`leader session: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      });
      if (!client || stopped) return;
      o.onConnected?.();
    }
    const c = client;
    if (leading) {
      await bounded(c.query("SELECT 1"), "leader session check");
      return;
    }
    const got = await bounded(
      c.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [
        LOCK_CLASS,
        o.runbookId,
      ]),
      "leader lock",
    );
    if (!got.rows[0]?.ok) return;
    // The UPDATE waits for writes of the deposed term still holding the row FOR SHARE, then fences them out.
    const claimed = await bounded(
      c.query<{ epoch: number; since: Date }>(
        `INSERT INTO "Leadership" ("runbookId", "epoch", "instance", "since") VALUES ($1, 1, $2, now())
         ON CONFLICT ("runbookId") DO UPDATE
            SET "epoch" = "Leadership"."epoch" + 1, "instance" = EXCLUDED."instance", "since" = EXCLUDED."since"
         RETURNING "epoch", "since"`,
        [o.runbookId, o.instanceId],
      ),
      "leader epoch",
    );
    const row = claimed.rows[0];
    if (!row || client !== c) throw new Error("leader epoch not claimed");
    leading = true;
    o.onLead({ epoch: row.epoch, since: row.since });
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(run, delayMs);
    timer.unref?.();
  }
  function run() {
    if (stopped || busy) return;
    busy = true;
    tick()
      .catch((err: unknown) => lose(`leader session: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        busy = false;
        schedule(o.tickMs);
      });
  }
  schedule(0);

  return {
    isLeader: () => leading,
    abandon: lose,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      leading = false;
      await c?.end().catch(() => {});
    },
  };
}
