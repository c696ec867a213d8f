import "server-only";
import type { StatsFs } from "node:fs";
import { readFile, statfs } from "node:fs/promises";
import os from "node:os";
import type { HostCheck } from "@/lib/model/infra-checks";
import type { Evidence, ProbeContext, ProbeResult } from "@/lib/model/probe";
import { measureBackupAge } from "@/lib/probes/infra/backup-age";
import { errorMessage, raceSignal } from "@/lib/probes/infra/deadline";
import { measureEnvFile } from "@/lib/probes/infra/env-file";
import { measureGitLog } from "@/lib/probes/infra/git-log";
import { measureDu, measureLargeFiles } from "@/lib/probes/infra/host-walk";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import {
  countCpus,
  diskUsage,
  memoryUsage,
  parseLoadavg,
  parseMeminfo,
  swapUsage,
} from "@/lib/probes/infra/meminfo";
import { formatBytes } from "@/lib/probes/infra/redis-info";
import { finishResult, thresholdVerdict, unknownResult, verdict, withUnit } from "@/lib/probes/result";

type HostMeasureName = HostCheck["measure"];
type HostCheckOf<M extends HostMeasureName> = Extract<HostCheck, { measure: M }>;
export type HostMeasure<M extends HostMeasureName> = (
  check: HostCheckOf<M>,
  ctx: ProbeContext,
) => Promise<ProbeResult>;

/**
 * The host's /proc: WARROOM_HOST_PROC when warroom runs in a container that mounts it there (a container's
 * own /proc may show its limits rather than the machine's, e.g. under lxcfs).
 */
export function hostProcRoot(env: Record<string, string | undefined> = process.env): string {
  return env.WARROOM_HOST_PROC?.trim() || "/proc";
}

/**
 * statfs calls still running, by path. A hung mount keeps its libuv worker until the kernel answers; a
 * new call each cycle would take the next worker, then the next (the pool has four, shared with DNS and
 * password hashing). One call per path at a time: later cycles wait on the same one.
 */
const pendingStatfs = new Map<string, { since: number; result: Promise<StatsFs> }>();

function statfsOnce(path: string, now: number) {
  const pending = pendingStatfs.get(path);
  if (pending) return pending;
  const entry = { since: now, result: statfs(path) };
  pendingStatfs.set(path, entry);
  const done = () => pendingStatfs.delete(path);
  entry.result.then(done, done);
  return entry;
}

const measureDisk: HostMeasure<"disk"> = async (check, ctx) => {
  const evidence: Evidence = { path: check.path };
  // A hung network mount blocks statfs indefinitely: the reading still comes back at the deadline.
  const call = statfsOnce(check.path, ctx.now());
  const raced = await raceSignal(ctx.signal, call.result);
  if (raced.kind === "aborted") {
    const waited = Math.round((ctx.now() - call.since) / 1000);
    return unknownResult(
      waited > Math.ceil(ctx.timeoutMs / 1000)
        ? `statfs of ${check.path} has not returned for ${waited} s (hung mount?); not asking again until it does`
        : `statfs of ${check.path} did not return within ${ctx.timeoutMs} ms (hung mount?)`,
      evidence,
    );
  }
  if (raced.kind === "error") {
    return unknownResult(`cannot read disk usage of ${check.path}: ${errorMessage(raced.error)}`, evidence);
  }
  const disk = diskUsage(raced.value);
  if (disk === null) return unknownResult(`file system of ${check.path} reports no blocks`, evidence);
  Object.assign(evidence, { used: formatBytes(disk.usedBytes), available: formatBytes(disk.availBytes) });
  return finishResult({
    verdicts: [thresholdVerdict(`disk ${check.path}`, disk.percent, "%", check.thresholds)],
    value: disk.percent,
    unit: "%",
    evidence,
    okSummary: `disk ${check.path} ${withUnit(disk.percent, "%")} used (${formatBytes(disk.availBytes)} free)`,
  });
};

const measureSwap: HostMeasure<"swap"> = async (check) => {
  const fields = await readMeminfo();
  if (typeof fields === "string") return unknownResult(fields);
  const swap = swapUsage(fields);
  if (swap.kind === "unreadable") return unknownResult(`${hostProcRoot()}/meminfo has no ${swap.field}`);
  if (swap.kind === "none") {
    return finishResult({
      verdicts: [verdict("[SWAP] configured", "no swap", true, "ok", "no swap configured")],
      value: 0,
      unit: "%",
      evidence: { swapTotal: 0 },
      okSummary: "no swap configured",
    });
  }
  return finishResult({
    verdicts: [thresholdVerdict("swap", swap.percent, "%", check.thresholds)],
    value: swap.percent,
    unit: "%",
    evidence: { swapUsed: formatBytes(swap.usedKb * 1024), swapTotal: formatBytes(swap.totalKb * 1024) },
    okSummary: `swap ${withUnit(swap.percent, "%")} used (${formatBytes(swap.usedKb * 1024)} of ${formatBytes(swap.totalKb * 1024)})`,
  });
};

const measureMemory: HostMeasure<"memory"> = async (check) => {
  const fields = await readMeminfo();
  if (typeof fields === "string") return unknownResult(fields);
  const mem = memoryUsage(fields);
  if (mem.kind !== "usage")
    return unknownResult(
      `${hostProcRoot()}/meminfo has no ${mem.kind === "unreadable" ? mem.field : "MemTotal"}`,
    );
  return finishResult({
    verdicts: [thresholdVerdict("memory", mem.percent, "%", check.thresholds)],
    value: mem.percent,
    unit: "%",
    evidence: { memUsed: formatBytes(mem.usedKb * 1024), memTotal: formatBytes(mem.totalKb * 1024) },
    okSummary: `memory ${withUnit(mem.percent, "%")} used (${formatBytes(mem.usedKb * 1024)} of ${formatBytes(mem.totalKb * 1024)}, page cache excluded)`,
  });
};

const measureLoad: HostMeasure<"load"> = async (check) => {
  const loadavgPath = `${hostProcRoot()}/loadavg`;
  const text = await readFile(loadavgPath, "utf8").catch((err: unknown) => errorMessage(err));
  const loads = parseLoadavg(text);
  if (loads === null) return unknownResult(`cannot read the load from ${loadavgPath}: ${text.slice(0, 80)}`);
  const cores = await hostCores();
  const load = loads[{ 1: 0, 5: 1, 15: 2 }[check.window]] ?? 0;
  const perCore = Math.round((100 * load) / cores) / 100;
  return finishResult({
    verdicts: [thresholdVerdict(`load per core (${check.window} min)`, perCore, "", check.thresholds)],
    value: perCore,
    unit: "per core",
    evidence: { loadavg: loads.map((l) => l.toFixed(2)).join(" "), cores },
    okSummary: `load ${load.toFixed(2)} over ${check.window} min on ${cores} cores (${perCore} per core)`,
  });
};

/** The machine's CPUs from its /proc/stat; this process's own share when that cannot be read. */
async function hostCores(): Promise<number> {
  const stat = await readFile(`${hostProcRoot()}/stat`, "utf8").catch(() => "");
  return countCpus(stat) || os.availableParallelism();
}

const MEASURES: { [M in HostMeasureName]: HostMeasure<M> } = {
  disk: measureDisk,
  swap: measureSwap,
  memory: measureMemory,
  load: measureLoad,
  "backup-age": measureBackupAge,
  du: measureDu,
  "large-files": measureLargeFiles,
  "env-file": measureEnvFile,
  "git-log": measureGitLog,
};

/** The machine the dashboard runs on: disk, swap, memory, load, and how old the newest backup is. */
export const probeHost: InfraProbe<"host"> = (check, ctx) => dispatch(check, ctx);

function dispatch<M extends HostMeasureName>(check: HostCheckOf<M>, ctx: ProbeContext) {
  const measure: HostMeasure<M> = MEASURES[check.measure];
  return measure(check, ctx);
}

async function readMeminfo(): Promise<Map<string, number> | string> {
  const path = `${hostProcRoot()}/meminfo`;
  try {
    return parseMeminfo(await readFile(path, "utf8"));
  } catch (err) {
    return `cannot read ${path}: ${errorMessage(err)}`;
  }
}
