import "server-only";
import type { Evidence } from "@/lib/model/probe";
import { abortError, raceSignal } from "@/lib/probes/infra/deadline";
import { dockerClient, dockerMessage, dockerStatus, engineFailure } from "@/lib/probes/infra/docker-client";
import { findContainer } from "@/lib/probes/infra/docker-container-find";
import { execInContainer } from "@/lib/probes/infra/docker-exec";
import { parseDuDf, usedPercent } from "@/lib/probes/infra/du-parse";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import { failedResult } from "@/lib/probes/infra/infra-result";
import { formatBytes } from "@/lib/probes/infra/redis-info";
import {
  excerpt,
  finishResult,
  thresholdVerdict,
  unknownResult,
  verdict,
  withUnit,
} from "@/lib/probes/result";

/**
 * `du -sk path; df -kP path` inside the container (003: `docker-compose exec postgres du -sh
 * /var/lib/postgresql/data`): the folder's size is the value, its file system's used % is judged.
 */
export const probeDockerDu: InfraProbe<"docker-du"> = async (check, ctx) => {
  const docker = dockerClient(check.socketPath);
  const found = await findContainer(docker, check, ctx);
  if (found.kind === "failed") return failedResult(found, { socketPath: check.socketPath });
  const name = found.info.name;
  const evidence: Evidence = { container: name, path: check.path };
  const down = (why: string) =>
    finishResult({
      verdicts: [verdict("[STATE] == running", found.info.State.Status, false, "crit", why)],
      value: null,
      unit: null,
      evidence,
      okSummary: why,
    });
  if (!found.info.State.Running) return down(`${name} is ${found.info.State.Status}; du cannot run in it`);

  const raced = await raceSignal(
    ctx.signal,
    execInContainer(
      docker.getContainer(found.info.Id),
      ["sh", "-c", `du -sk '${check.path}' && df -kP '${check.path}'`],
      ctx.signal,
    ),
  );
  if (raced.kind === "aborted")
    return failedResult(engineFailure(abortError(), check.socketPath, ctx.timeoutMs), evidence);
  if (raced.kind === "error") {
    const status = dockerStatus(raced.error);
    if (status === 409 || status === 404) return down(`${name} stopped: ${dockerMessage(raced.error)}`);
    return failedResult(engineFailure(raced.error, check.socketPath, ctx.timeoutMs), evidence);
  }
  const out = raced.value;
  if (out.exitCode !== 0) {
    evidence.exitCode = out.exitCode;
    return unknownResult(
      `du/df of ${check.path} in ${name} failed (exit ${out.exitCode}): ${excerpt(out.stderr.trim() || out.stdout.trim(), 160)}`,
      evidence,
    );
  }
  const parsed = parseDuDf(out.stdout);
  if (typeof parsed === "string") return unknownResult(`${name}: ${parsed}`, evidence);
  const pct = usedPercent(parsed.fs);
  const sizeMb = Math.round((parsed.pathKb / 1024) * 10) / 10;
  Object.assign(evidence, {
    pathSize: formatBytes(parsed.pathKb * 1024),
    fileSystem: parsed.fs.mount,
    fsUsed: formatBytes(parsed.fs.usedKb * 1024),
    fsAvailable: formatBytes(parsed.fs.availKb * 1024),
  });
  if (pct === null) return unknownResult(`${name}: df reports no blocks for ${check.path}`, evidence);
  const summary = `${check.path} in ${name} takes ${formatBytes(parsed.pathKb * 1024)}; its file system ${withUnit(pct, "%")} used (${formatBytes(parsed.fs.availKb * 1024)} free)`;
  const judged = thresholdVerdict(`file system of ${check.path}`, pct, "%", check.thresholds);
  return finishResult({
    verdicts: [judged.ok ? judged : { ...judged, why: `${judged.why}: ${summary}` }],
    value: sizeMb,
    unit: "MB",
    gauge: { value: pct, unit: "%" },
    evidence,
    okSummary: summary,
  });
};
