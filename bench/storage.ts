// Section `storage`: bytes per stored reading, from the growth of every table a cycle writes to.
import pg from "pg";
import { type Dashboard, fmt, sleep, startDashboard, until } from "./common";
import { openViewer } from "./sse-viewer";

/** Every table the collector's cycles grow: readings (packed cycles, details, rollups, dictionary), events, board. */
const TABLES = ["Snapshot", "CheckKey", "ReadingDetail", "ReadingHour", "Event", "LatestBoard"] as const;
const PRESET_INTERVAL_MS = 5000;
const WARMUP_S = Number(process.env.BENCH_STORAGE_WARMUP_S ?? 60);
const STORAGE_MIN = Number(process.env.BENCH_STORAGE_MIN ?? 5);

export type TableSizes = {
  bytes: number;
  board: number;
  events: number;
  snapshots: number;
  readings: number;
  details: number;
  eventRows: number;
};

export async function tableSizes(url: string): Promise<TableSizes> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const size = (t: string) => `pg_total_relation_size('"${t}"')`;
    const r = await client.query(
      `SELECT ${TABLES.map(size).join(" + ")} AS bytes, ${size("LatestBoard")} AS board, ${size("Event")} AS events,
              (SELECT count(*) FROM "Snapshot") AS snapshots,
              (SELECT coalesce(sum(cardinality("checkKeys")), 0) FROM "Snapshot") AS readings,
              (SELECT count(*) FROM "ReadingDetail") AS details, (SELECT count(*) FROM "Event") AS "eventRows"`,
    );
    const row = r.rows[0];
    return {
      bytes: Number(row.bytes),
      board: Number(row.board),
      events: Number(row.events),
      snapshots: Number(row.snapshots),
      readings: Number(row.readings),
      details: Number(row.details),
      eventRows: Number(row.eventRows),
    };
  } finally {
    await client.end();
  }
}

/** The sizes once the server has migrated its database and stored a cycle (a loaded host migrates slowly). */
export async function storedSizes(url: string, timeoutMs = 120_000): Promise<TableSizes> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sizes = await tableSizes(url).catch(() => null);
    if (sizes && sizes.snapshots > 0) return sizes;
    if (Date.now() > deadline) throw new Error("bench: the dashboard stored no snapshot in its database");
    await sleep(500);
  }
}

/** One line of figures for the growth between two measurements `ms` apart at `intervalMs`. */
export function storageLine(a: TableSizes, b: TableSizes, ms: number, intervalMs: number): string {
  const grown = b.bytes - a.bytes;
  const readings = Math.max(1, b.readings - a.readings);
  const cycles = Math.max(1, b.snapshots - a.snapshots);
  const perHour = (grown / ms) * 3_600_000;
  return (
    `  ${fmt(grown / readings)} bytes per reading · ${fmt(grown / cycles)} bytes per cycle · ${fmt(perHour / 1e6, 1)} MB per hour · ` +
    `${fmt((perHour * 24) / 1e6, 0)} MB per launch day (24 h) at ${intervalMs} ms  ` +
    `(${cycles} cycles, ${readings} readings, ${b.details - a.details} detail rows, ${b.eventRows - a.eventRows} events; ` +
    `of the growth: board ${fmt(b.board - a.board)} B, events ${fmt(b.events - a.events)} B)`
  );
}

/**
 * The preset at its own interval (5 s) against the stack, a fresh PostgreSQL database: growth of every table
 * after a warm-up (the latest board's row settles at a few versions between vacuums), over STORAGE_MIN minutes.
 */
export async function measurePresetStorage(env: Record<string, string>, dbUrl: string): Promise<string[]> {
  let server: Dashboard | null = null;
  try {
    const { WARROOM_INTERVAL_MS: _interval, ...presetEnv } = env;
    server = await startDashboard({ ...presetEnv, DATABASE_URL: dbUrl });
    const viewer = await openViewer(server.base, () => {});
    await until("two cycles", () => (viewer.latest()?.cycle?.number ?? 0) >= 2, 60_000);
    const start = await storedSizes(dbUrl);
    await sleep(WARMUP_S * 1000);
    const warm = await tableSizes(dbUrl);
    const warmAt = Date.now();
    await sleep(STORAGE_MIN * 60_000);
    const end = await tableSizes(dbUrl);
    const ms = Date.now() - warmAt;
    await viewer.close();
    return [
      `snapshot storage at the preset's interval (${PRESET_INTERVAL_MS} ms; PostgreSQL: pg_total_relation_size incl. indexes/TOAST of ${TABLES.join(" + ")})`,
      `  after a ${WARMUP_S} s warm-up, over ${fmt(ms / 60_000, 1)} min:`,
      storageLine(warm, end, ms, PRESET_INTERVAL_MS),
      `  from the second cycle, warm-up included (${fmt((Date.now() - warmAt + WARMUP_S * 1000) / 60_000, 1)} min):`,
      storageLine(start, end, ms + WARMUP_S * 1000, PRESET_INTERVAL_MS),
    ];
  } finally {
    await server?.stop();
  }
}
