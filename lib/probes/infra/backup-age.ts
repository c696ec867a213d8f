import "server-only";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Evidence } from "@/lib/model/probe";
import { errorCode, errorMessage, raceSignal } from "@/lib/probes/infra/deadline";
import type { HostMeasure } from "@/lib/probes/infra/host-probe";
import { finishResult, thresholdVerdict, unknownResult, verdict, withUnit } from "@/lib/probes/result";

const HOUR_MS = 3_600_000;
/** Enough for any backups folder; a bigger one is read no further (evidence says so). */
const MAX_ENTRIES = 10_000;

/** Age in hours of the newest regular file directly in the folder (launch-day P0: backup < 24 h). */
export const measureBackupAge: HostMeasure<"backup-age"> = async (check, ctx) => {
  const evidence: Evidence = { path: check.path, pattern: check.pattern };
  const missing = (why: string) =>
    finishResult({
      verdicts: [verdict("[BACKUP] exists", "none", false, "crit", why)],
      value: null,
      unit: "h",
      evidence,
      okSummary: why,
    });

  const raced = await raceSignal(ctx.signal, readdir(check.path));
  if (raced.kind === "aborted") {
    return unknownResult(
      `backups folder ${check.path} not listed within ${ctx.timeoutMs} ms (hung mount?)`,
      evidence,
    );
  }
  if (raced.kind === "error") {
    const code = errorCode(raced.error);
    if (code === "ENOENT") return missing(`backups folder ${check.path} does not exist`);
    if (code === "ENOTDIR") return missing(`${check.path} is not a folder`);
    return missing(`cannot read backups folder ${check.path}: ${errorMessage(raced.error)}`);
  }
  const names = raced.value;
  const pattern = check.pattern ? new RegExp(check.pattern, "i") : null;
  const candidates = names.filter((n) => !pattern || pattern.test(n)).slice(0, MAX_ENTRIES);
  if (names.length > MAX_ENTRIES) evidence.truncatedAt = MAX_ENTRIES;

  const scanned = await raceSignal(ctx.signal, newestFile(check.path, candidates, ctx.signal));
  if (scanned.kind !== "value") {
    return unknownResult(
      `backups folder ${check.path} not scanned within ${ctx.timeoutMs} ms (hung mount?)`,
      evidence,
    );
  }
  const { newest, files, recent } = scanned.value;
  evidence.files = files;
  // Launch day §4.5 "identify last known-good backup" (ls -lh | tail -10): the newest ones, and the newest
  // that is not empty (a dump cut short by a full disk is 0 bytes).
  recent.forEach((f, i) => {
    evidence[`backup ${i + 1}`] = `${f.name} ${f.size} bytes ${new Date(f.mtimeMs).toISOString()}`;
  });
  const good = recent.find((f) => f.size > 0);
  evidence.lastKnownGood = good ? good.name : "none of the newest is non-empty";
  if (!newest) {
    const what = pattern ? `no file matching /${check.pattern}/` : "no file";
    return missing(`${what} in backups folder ${check.path}`);
  }

  const hours = Math.round(((ctx.now() - newest.mtimeMs) / HOUR_MS) * 100) / 100;
  Object.assign(evidence, {
    newest: newest.name,
    modified: new Date(newest.mtimeMs).toISOString(),
    bytes: newest.size,
  });
  const empty = verdict(
    "[BACKUP] size > 0",
    `${newest.size} bytes`,
    newest.size > 0,
    "crit",
    `newest backup ${newest.name} is empty (0 bytes)${good ? `; last known-good: ${good.name}` : ""}`,
  );
  return finishResult({
    verdicts: [empty, thresholdVerdict("newest backup age", hours, "h", check.thresholds)],
    value: hours,
    unit: "h",
    evidence,
    okSummary: `newest backup ${newest.name} is ${withUnit(hours, "h")} old`,
  });
};

type NewestFile = { name: string; mtimeMs: number; size: number };

/** How many of the newest backups the evidence lists (the runbook's `tail -10`). */
const RECENT = 10;

async function newestFile(folder: string, names: string[], signal: AbortSignal) {
  let newest: NewestFile | null = null;
  let files = 0;
  let recent: NewestFile[] = [];
  for (const name of names) {
    if (signal.aborted) break;
    const info = await stat(join(folder, name)).catch(() => null);
    if (!info?.isFile()) continue;
    files += 1;
    const file = { name, mtimeMs: info.mtimeMs, size: info.size };
    if (!newest || info.mtimeMs > newest.mtimeMs) newest = file;
    recent = [...recent, file].sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, RECENT);
  }
  return { newest, files, recent };
}
