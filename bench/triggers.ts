// Trigger evaluation with 24 h of stored readings at a 5 s interval (issue 5; target < 50 ms per cycle):
// the start-up load (query each rule's window + replay) and the per-cycle evaluation, on PGlite and on
// PostgreSQL. run.ts calls runTriggerBench(), which re-runs this file in a child with the react-server
// condition (the store is server-only).
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HOURS = 24;
const STEP_MS = 5000;
const CYCLES = 2000;
const LOADS = 5;

export async function runTriggerBench(): Promise<string[]> {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", self, "--child"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 20 * 60_000,
  });
  if (r.status !== 0) return ["", "triggers: FAILED (see stderr)", r.stdout ?? ""];
  // The store logs its migrations to stdout: keep only the figures.
  return [
    "",
    ...(r.stdout ?? "")
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("[db]")),
  ];
}

async function child(): Promise<void> {
  const { percentile, fmt } = await import("./common");
  const { openDb } = await import("@/lib/db/client");
  const { createTestDatabase } = await import("@/test/support/test-database");
  const { parseRunbook } = await import("@/lib/runbook/load-runbook");
  const { buildBuyWhereUsLaunch } = await import("@/lib/runbook/presets/buywhere-us-launch");
  const engineMod = await import("@/lib/incidents/trigger-engine");
  const runbook = parseRunbook(buildBuyWhereUsLaunch({}), "bench");
  const checks = [...new Set(runbook.triggers.map((t) => t.check))];
  const n = (HOURS * 3600_000) / STEP_MS;

  const out: string[] = [
    `triggers — ${runbook.triggers.length} rules on ${checks.length} checks, ${HOURS} h stored at ${STEP_MS / 1000} s ` +
      `(${n} snapshots, ${n * checks.length} readings); target < 50 ms per cycle`,
  ];

  const tmp = await mkdtemp(path.join(os.tmpdir(), "warroom-bench-triggers-"));
  const pgDb = await createTestDatabase("benchtriggers").catch(() => null);
  const backends = [
    { name: "pglite", config: { kind: "pglite" as const, dataDir: path.join(tmp, "pglite") } },
    ...(pgDb ? [{ name: "postgres", config: { kind: "postgres" as const, url: pgDb.url } }] : []),
  ];
  try {
    for (const b of backends) {
      const db = await openDb(b.config);
      try {
        const end = Date.now();
        const start = end - n * STEP_MS;
        const t0 = performance.now();
        // A day of cycles packed as the writer stores them (docs/storage.md "Readings"), one detail per check;
        // the last 12 min of 5xx at 4% so a rule is firing.
        await db.client.$executeRawUnsafe(
          `INSERT INTO "CheckKey" ("key") SELECT unnest($1::text[]) ON CONFLICT ("key") DO NOTHING`,
          checks,
        );
        await db.client.$executeRawUnsafe(
          `INSERT INTO "ReadingDetail" ("checkKey","at","level","unit","summary","conditions","evidence")
           SELECT k."id", to_timestamp($1::bigint / 1000.0), 'ok', '', 'bench', '[]'::jsonb, '{}'::jsonb
             FROM "CheckKey" k WHERE k."key" = ANY($2::text[])`,
          start,
          checks,
        );
        await db.client.$executeRawUnsafe(
          `INSERT INTO "Snapshot" ("id","runbookId","cycle","startedAt","finishedAt","checkKeys","levels","numbers",
             "offsetsMs","durationsMs","summaryDigits")
           SELECT 'bench-' || i, $1, i, to_timestamp(($2::bigint + i * $3::bigint) / 1000.0),
                  to_timestamp(($2::bigint + i * $3::bigint) / 1000.0),
                  ARRAY(SELECT k."id" FROM unnest($5::text[]) WITH ORDINALITY c(key, o) JOIN "CheckKey" k ON k."key" = c.key ORDER BY c.o),
                  (SELECT string_agg(CASE WHEN c = 'error-rate' AND i > $4::int - 144 THEN 'c' ELSE 'o' END, '') FROM unnest($5::text[]) c),
                  ARRAY(SELECT CASE WHEN c = 'error-rate' AND i > $4::int - 144 THEN 4 ELSE 0.2 + (i % 7) / 10.0 END FROM unnest($5::text[]) c),
                  ARRAY(SELECT 0 FROM unnest($5::text[]) c), ARRAY(SELECT 5 FROM unnest($5::text[]) c),
                  repeat(';', cardinality($5::text[]) - 1)
             FROM generate_series(1, $4::int) i`,
          runbook.id,
          start,
          STEP_MS,
          n,
          checks,
        );
        const seedMs = performance.now() - t0;

        const loads: number[] = [];
        let engine = engineMod.getTriggerEngine(runbook);
        for (let i = 0; i < LOADS; i++) {
          engine = engineMod.getTriggerEngine({ ...runbook, triggers: [...runbook.triggers] });
          const s = performance.now();
          await engineMod.loadTriggerWindows(engine, db.client, end);
          loads.push(performance.now() - s);
          if (!engine.loaded) throw new Error(engine.error ?? "load failed");
        }
        const firing = engineMod
          .triggersState(engine, end, true)
          .rules.filter((r) => r.firingLevel)
          .map((r) => r.id);

        const cycles: number[] = [];
        for (let c = 1; c <= CYCLES; c++) {
          const now = end + c * STEP_MS;
          const readings = checks.map((checkId) => ({
            checkId,
            level: "ok" as const,
            // 5xx keeps the fired rules firing; P99 at 6 s keeps the 15-min rule scanning a growing window.
            value: checkId === "error-rate" ? 4 : checkId === "latency-p99" ? 6000 : 0.3,
            unit: "",
            summary: "",
            conditions: [],
            evidence: {},
            collectedAt: new Date(now).toISOString(),
            durationMs: 5,
          }));
          const s = performance.now();
          engineMod.observeReadings(engine, readings, now);
          engineMod.triggersState(engine, now, true);
          cycles.push(performance.now() - s);
        }
        out.push(
          `  ${b.name}: seed ${fmt(seedMs / 1000, 1)} s · start-up load (query windows + replay) ` +
            `p50 ${fmt(percentile(loads, 50), 1)} ms, max ${fmt(Math.max(...loads), 1)} ms over ${LOADS} loads · ` +
            `per cycle (observe + evaluate + board section) p50 ${fmt(percentile(cycles, 50), 3)} ms, ` +
            `p99 ${fmt(percentile(cycles, 99), 3)} ms, max ${fmt(Math.max(...cycles), 2)} ms over ${CYCLES} cycles · ` +
            `firing after load: ${firing.join(", ") || "none"}`,
        );
      } finally {
        await db.close();
      }
    }
  } finally {
    await pgDb?.drop().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
  console.log(out.join("\n"));
}

if (process.argv.includes("--child")) {
  child().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
