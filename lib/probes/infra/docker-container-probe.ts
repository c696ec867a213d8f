import "server-only";
import type { Evidence } from "@/lib/model/probe";
import { dockerClient } from "@/lib/probes/infra/docker-client";
import { type ContainerInfo, findContainer } from "@/lib/probes/infra/docker-container-find";
import { addLogTail } from "@/lib/probes/infra/docker-log-tail";
import { latestStats, type StatsSample } from "@/lib/probes/infra/docker-stats-cache";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import { failedResult } from "@/lib/probes/infra/infra-result";
import { formatBytes } from "@/lib/probes/infra/redis-info";
import {
  excerpt,
  finishResult,
  thresholdVerdict,
  type Verdict,
  verdict,
  withUnit,
} from "@/lib/probes/result";

const MIB = 1024 * 1024;

/** State, health, restarts and (from a background sample) CPU % and memory of one container. */
export const probeDockerContainer: InfraProbe<"docker-container"> = async (check, ctx) => {
  const docker = dockerClient(check.socketPath);
  const found = await findContainer(docker, check, ctx);
  if (found.kind === "failed") return failedResult(found, { socketPath: check.socketPath });
  const c = found.info;
  const health = c.State.Health?.Status ?? null;
  const evidence: Evidence = {
    container: c.name,
    containerId: c.Id.slice(0, 12),
    image: c.Config.Image,
    imageId: c.Image.slice(0, 19),
    state: c.State.Status,
    health: health ?? "no healthcheck",
    restartCount: c.RestartCount,
    startedAt: c.State.StartedAt,
    matched: found.matched,
  };
  const verdicts: Verdict[] = [stateVerdict(c)];
  // Exited or restarting: its own last lines say why (incident §2.2), not only the state.
  if (!c.State.Running || c.State.Restarting) {
    const last = await addLogTail(
      docker,
      { Id: c.Id, tty: c.Config.Tty === true },
      check.logTail,
      check.logLinesShown,
      ctx.signal,
      evidence,
    );
    const state = verdicts[0];
    if (state && last) state.why = `${state.why} — last log: ${last}`;
  }
  if (health !== null) verdicts.push(healthVerdict(c, health, evidence));

  let stats: StatsSample | undefined;
  let refreshing = false;
  if (c.State.Running) {
    ({ sample: stats, refreshing } = latestStats(
      ctx.state,
      docker,
      c.Id,
      check.statsEverySec * 1000,
      ctx.now,
    ));
  }
  const cpu = readCpu(stats, ctx.now(), check.statsEverySec, evidence);
  if (cpu !== null) verdicts.push(thresholdVerdict(`CPU ${c.name}`, cpu, "%", check.thresholds));
  const memMiB =
    stats && !("error" in stats) && stats.memoryBytes !== null
      ? Math.round((stats.memoryBytes / MIB) * 10) / 10
      : null;
  if (memMiB !== null && check.memoryThresholds) {
    verdicts.push(thresholdVerdict(`memory ${c.name}`, memMiB, "MiB", check.memoryThresholds));
  }

  // A stopped container keeps its last health ("unhealthy"): show its state then, not a stale health.
  const shownState = c.State.Running && health ? health : c.State.Status;
  const parts = [
    `${c.name} ${c.State.Status}${health ? ` (${health})` : ""}`,
    cpu !== null ? `CPU ${withUnit(cpu, "%")}` : `CPU ${refreshing ? "sampling…" : "n/a"}`,
    ...(memMiB !== null ? [`mem ${withUnit(memMiB, "MiB")}`] : []),
    `restarts ${c.RestartCount}`,
    `started ${c.State.StartedAt}`,
  ];
  return finishResult({
    verdicts,
    value: shownState,
    unit: null,
    evidence,
    okSummary: parts.join(", "),
    ...(cpu !== null ? { gauge: { value: cpu, unit: "%" } } : {}),
  });
};

function stateVerdict(c: ContainerInfo): Verdict {
  const s = c.State;
  let why = `${c.name} is ${s.Status}`;
  if (s.Restarting)
    why = `${c.name} is restarting (restart count ${c.RestartCount}, last exit code ${s.ExitCode})`;
  else if (s.Status === "exited" || s.Status === "dead") {
    why = `${c.name} ${s.Status} with code ${s.ExitCode}${s.OOMKilled ? " (OOM killed)" : ""} at ${s.FinishedAt}${s.Error ? `: ${s.Error}` : ""}`;
  }
  return verdict("[STATE] == running", s.Status, s.Running && !s.Restarting, "crit", why);
}

function healthVerdict(c: ContainerInfo, health: string, evidence: Evidence): Verdict {
  const last = c.State.Health?.Log?.at(-1);
  if (last) evidence.lastHealthCheck = `exit ${last.ExitCode}: ${excerpt(last.Output, 200)}`;
  evidence.failingStreak = c.State.Health?.FailingStreak ?? 0;
  if (health === "starting")
    return verdict("[HEALTH] == healthy", health, false, "warn", `${c.name} health check is starting`);
  const detail = last ? `: ${excerpt(last.Output, 120) || `exit ${last.ExitCode}`}` : "";
  return verdict(
    "[HEALTH] == healthy",
    health,
    health === "healthy",
    "crit",
    `${c.name} is ${health}${detail}`,
  );
}

/** The sample's CPU % when fresh enough to judge (3 refresh periods); its age goes to evidence either way. */
function readCpu(
  stats: StatsSample | undefined,
  now: number,
  everySec: number,
  evidence: Evidence,
): number | null {
  if (!stats) return null;
  const ageSec = Math.round((now - stats.at) / 100) / 10;
  evidence.statsAgeSec = ageSec;
  if ("error" in stats) {
    evidence.statsError = stats.error;
    return null;
  }
  evidence.cpuPercent = stats.cpuPercent;
  if (stats.memoryBytes !== null) evidence.memory = formatBytes(stats.memoryBytes);
  if (stats.memoryLimitBytes !== null) evidence.memoryLimit = formatBytes(stats.memoryLimitBytes);
  if (ageSec > everySec * 3) {
    evidence.statsStale = true;
    return null;
  }
  return stats.cpuPercent;
}
