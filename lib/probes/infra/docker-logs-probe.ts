import "server-only";
import type { Evidence } from "@/lib/model/probe";
import { abortError, raceSignal } from "@/lib/probes/infra/deadline";
import { dockerClient, dockerStatus, engineFailure } from "@/lib/probes/infra/docker-client";
import { describeTarget, findContainer } from "@/lib/probes/infra/docker-container-find";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import { failedResult } from "@/lib/probes/infra/infra-result";
import { matchLogLines, parseLogFrames, parseRawLog } from "@/lib/probes/infra/log-frames";
import { excerpt, finishResult, verdict } from "@/lib/probes/result";

/** Error lines in the container's recent logs (incident §2.5), counted against warnCount / critCount. */
export const probeDockerLogs: InfraProbe<"docker-logs"> = async (check, ctx) => {
  const docker = dockerClient(check.socketPath);
  const found = await findContainer(docker, check, ctx);
  if (found.kind === "failed") return failedResult(found, { socketPath: check.socketPath });
  const { name, Id, Config } = found.info;
  const since = Math.floor(ctx.now() / 1000) - check.sinceSec;
  const raced = await raceSignal(
    ctx.signal,
    docker.getContainer(Id).logs({
      stdout: true,
      stderr: true,
      since,
      timestamps: true,
      tail: check.maxLines,
      follow: false,
      abortSignal: ctx.signal,
    }),
  );
  const evidence: Evidence = { container: name, windowSec: check.sinceSec };
  if (raced.kind === "aborted")
    return failedResult(engineFailure(abortError(), check.socketPath, ctx.timeoutMs), evidence);
  if (raced.kind === "error") {
    if (dockerStatus(raced.error) === 404) {
      const why = `${describeTarget(check)} disappeared during the check`;
      return finishResult({
        verdicts: [verdict("[CONTAINER] exists", "gone", false, "crit", why)],
        value: null,
        unit: null,
        evidence,
        okSummary: why,
      });
    }
    return failedResult(engineFailure(raced.error, check.socketPath, ctx.timeoutMs), evidence);
  }

  const buf = Buffer.isBuffer(raced.value) ? raced.value : Buffer.from(String(raced.value));
  const lines = Config.Tty ? parseRawLog(buf) : parseLogFrames(buf);
  const matches = matchLogLines(lines, check.patterns);
  evidence.linesRead = lines.length;
  if (lines.length >= check.maxLines) evidence.truncatedAt = check.maxLines;
  for (const [pattern, n] of matches.byPattern) if (n > 0) evidence[`pattern ${pattern}`] = n;
  matches.last.forEach((line, i) => {
    evidence[`match ${i + 1}`] = `${line.stream}: ${excerpt(line.text, 200)}`;
  });

  const n = matches.count;
  const lastLine = matches.last.at(-1);
  const window = formatWindow(check.sinceSec);
  if (check.expect === "activity") {
    const seen = `${n} line${n === 1 ? "" : "s"} matching ${check.patterns.map((p) => `/${p}/`).join(" or ")} in ${name} logs over the last ${window}`;
    return finishResult({
      verdicts: [
        verdict(`[matching lines] >= ${check.minCount}`, String(n), n >= check.minCount, "crit", seen),
      ],
      value: n,
      unit: "lines",
      evidence,
      okSummary: `${seen}${lastLine ? `; last: ${excerpt(lastLine.text, 100)}` : ""}`,
    });
  }
  const why = (label: string) =>
    `${n} error line${n === 1 ? "" : "s"} in ${name} logs over the last ${window} (${label})${lastLine ? `: ${excerpt(lastLine.text, 120)}` : ""}`;
  return finishResult({
    verdicts: [
      verdict(`[error lines] < ${check.critCount}`, String(n), n < check.critCount, "crit", why("critical")),
      verdict(`[error lines] < ${check.warnCount}`, String(n), n < check.warnCount, "warn", why("warning")),
    ],
    value: n,
    unit: "lines",
    evidence,
    okSummary: `${n} error line${n === 1 ? "" : "s"} in ${name} logs over the last ${window} (${lines.length} lines read)`,
  });
};

function formatWindow(sec: number): string {
  if (sec % 3600 === 0) return `${sec / 3600} h`;
  if (sec % 60 === 0) return `${sec / 60} min`;
  return `${sec} s`;
}
