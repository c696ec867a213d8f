import type { SmokeRun } from "@/lib/model/deploy-watch";
import type { SmokeTest } from "@/lib/model/deploy-watch-schema";
import type { Reading } from "@/lib/model/probe";
import type { Level } from "@/lib/model/runbook-schema";
import { judgeSmokeTest } from "@/lib/rules/deploy-watch";

type Levels = Map<string, { level: Level; summary: string; at: string }>;

function resultsOf(tests: readonly SmokeTest[], levels: Levels, running: ReadonlySet<string>) {
  return tests.map((t) => {
    const r = judgeSmokeTest(t, levels);
    return r.status !== "fail" && t.checks.some((c) => running.has(c))
      ? { ...r, status: "running" as const }
      : r;
  });
}

/**
 * Runs every check of the smoke suite now, all at once (each with its own probe and timeout, through
 * `runCheck`), and reports the suite after each reading: a test shows `running` until its checks are in,
 * `fail` as soon as one of them fails. Only this run's readings count, never older ones.
 */
export async function runSmokeSuite(
  tests: readonly SmokeTest[],
  runCheck: (checkId: string) => Promise<Reading | null>,
  onProgress: (run: SmokeRun, reading: Reading | null) => void,
  note: string | null,
  now: () => Date = () => new Date(),
): Promise<SmokeRun> {
  const ids = [...new Set(tests.flatMap((t) => t.checks))];
  const levels: Levels = new Map();
  const running = new Set(ids);
  const startedAt = now().toISOString();
  const snapshot = (finishedAt: string | null): SmokeRun => ({
    startedAt,
    finishedAt,
    results: resultsOf(tests, levels, running),
    note,
  });
  onProgress(snapshot(null), null);
  await Promise.all(
    ids.map(async (id) => {
      const reading = await runCheck(id).catch(() => null);
      running.delete(id);
      levels.set(
        id,
        reading
          ? { level: reading.level, summary: reading.summary, at: reading.collectedAt }
          : { level: "unknown", summary: "the check could not be run", at: now().toISOString() },
      );
      onProgress(snapshot(null), reading);
    }),
  );
  const done = snapshot(now().toISOString());
  onProgress(done, null);
  return done;
}
