import "server-only";
import type { Evidence } from "@/lib/model/probe";
import { errorCode, errorMessage } from "@/lib/probes/infra/deadline";
import type { HostMeasure } from "@/lib/probes/infra/host-probe";
import { findLargeFiles } from "@/lib/probes/infra/large-files";
import { scanLargest } from "@/lib/probes/infra/largest-dirs";
import { formatBytes } from "@/lib/probes/infra/redis-info";
import { finishResult, thresholdVerdict, unknownResult } from "@/lib/probes/result";

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/** The walk's budget never outlasts the probe's deadline (a second is kept for the answer). */
const budgetOf = (budgetMs: number, timeoutMs: number) => Math.max(100, Math.min(budgetMs, timeoutMs - 1000));

function unreadablePath(path: string, err: unknown, evidence: Evidence) {
  const code = errorCode(err);
  if (code === "ENOENT") return unknownResult(`${path} does not exist on this host`, evidence);
  return unknownResult(`cannot read ${path}: ${errorMessage(err)}`, evidence);
}

/** `du -sh path` (the value, MB) with `du -sh path/*` (its largest entries) in evidence. */
export const measureDu: HostMeasure<"du"> = async (check, ctx) => {
  const evidence: Evidence = { path: check.path };
  let scan: Awaited<ReturnType<typeof scanLargest>>;
  try {
    scan = await scanLargest(check.path, {
      depth: 1,
      top: check.top,
      maxEntries: check.maxEntries,
      budgetMs: budgetOf(check.budgetMs, ctx.timeoutMs),
    });
  } catch (err) {
    return unreadablePath(check.path, err, evidence);
  }
  scan.entries.forEach((e, i) => {
    evidence[`entry ${i + 1}`] = `${formatBytes(e.bytes)} ${e.path}${e.kind === "dir" ? "/" : ""}`;
  });
  Object.assign(evidence, { scannedEntries: scan.scannedEntries, tookMs: scan.tookMs });
  const skipped = scan.skipped.unreadable;
  if (skipped > 0) evidence.unreadable = skipped;
  if (scan.incomplete) evidence.incomplete = scan.incomplete;
  const value = mb(scan.totalBytes);
  const atLeast = scan.incomplete || skipped > 0 ? "at least " : "";
  const why = scan.incomplete ?? (skipped > 0 ? `${skipped} entries unreadable` : null);
  return finishResult({
    verdicts: check.thresholds
      ? [thresholdVerdict(`size of ${check.path}`, value, "MB", check.thresholds)]
      : [],
    value,
    unit: "MB",
    evidence,
    okSummary: `${check.path} takes ${atLeast}${formatBytes(scan.totalBytes)}${why ? ` (${why})` : ""}${
      scan.entries[0] ? `; largest ${scan.entries[0].path} ${formatBytes(scan.entries[0].bytes)}` : ""
    }`,
  });
};

/** How many files under path are longer than minMB (`find -size +100M`); unknown when a partial walk found none. */
export const measureLargeFiles: HostMeasure<"large-files"> = async (check, ctx) => {
  const evidence: Evidence = { path: check.path, minMB: check.minMB };
  let scan: Awaited<ReturnType<typeof findLargeFiles>>;
  try {
    scan = await findLargeFiles(check.path, check.minMB * MB, {
      maxEntries: check.maxEntries,
      budgetMs: budgetOf(check.budgetMs, ctx.timeoutMs),
    });
  } catch (err) {
    return unreadablePath(check.path, err, evidence);
  }
  scan.files.slice(0, 10).forEach((f, i) => {
    evidence[`file ${i + 1}`] =
      `${formatBytes(f.bytes)} ${f.path} (${formatBytes(f.allocatedBytes)} on disk)`;
  });
  Object.assign(evidence, { scannedEntries: scan.scannedEntries, unreadable: scan.unreadable });
  if (scan.otherFileSystems > 0) evidence.otherFileSystemsSkipped = scan.otherFileSystems;
  const n = scan.files.length;
  if (scan.incomplete) {
    evidence.incomplete = scan.incomplete;
    if (n === 0) {
      return unknownResult(
        `no file over ${check.minMB} MB in the part of ${check.path} read (${scan.incomplete}): the rest is unread`,
        evidence,
      );
    }
  }
  const first = scan.files[0];
  const count = `${scan.incomplete ? "at least " : ""}${n} file${n === 1 ? "" : "s"} over ${check.minMB} MB under ${check.path}`;
  const biggest = first ? `; largest ${first.path} ${formatBytes(first.bytes)}` : "";
  const verdict = thresholdVerdict(`files over ${check.minMB} MB`, n, "", check.thresholds);
  return finishResult({
    verdicts: [{ ...verdict, why: `${count}${biggest}` }],
    value: n,
    unit: "",
    evidence,
    okSummary: `${count}${biggest}`,
  });
};
