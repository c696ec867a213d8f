import "server-only";
import type { Evidence } from "@/lib/model/probe";
import { abortError, raceSignal } from "@/lib/probes/infra/deadline";
import { dockerClient, dockerMessage, dockerStatus, engineFailure } from "@/lib/probes/infra/docker-client";
import { findContainer } from "@/lib/probes/infra/docker-container-find";
import { execInContainer } from "@/lib/probes/infra/docker-exec";
import { judgeEnv, parseEnvOutput } from "@/lib/probes/infra/env-parse";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import { failedResult } from "@/lib/probes/infra/infra-result";
import { excerpt, finishResult, unknownResult, verdict } from "@/lib/probes/result";

const NOT_FOUND_EXIT = new Set([126, 127]);

/** Required variables (and expected values) and secrets' presence, read with `printenv` through exec. */
export const probeDockerEnv: InfraProbe<"docker-env"> = async (check, ctx) => {
  const docker = dockerClient(check.socketPath);
  const found = await findContainer(docker, check, ctx);
  if (found.kind === "failed") return failedResult(found, { socketPath: check.socketPath });
  const name = found.info.name;
  const evidence: Evidence = { container: name, containerId: found.info.Id.slice(0, 12) };
  if (!found.info.State.Running) {
    const why = `${name} is ${found.info.State.Status}; its environment cannot be read`;
    return finishResult({
      verdicts: [verdict("[STATE] == running", found.info.State.Status, false, "crit", why)],
      value: null,
      unit: null,
      evidence,
      okSummary: why,
    });
  }

  const container = docker.getContainer(found.info.Id);
  const raced = await raceSignal(
    ctx.signal,
    (async () => {
      const first = await execInContainer(container, ["printenv"], ctx.signal);
      // Images without printenv (busybox) still have env.
      if (first.exitCode !== null && NOT_FOUND_EXIT.has(first.exitCode))
        return execInContainer(container, ["env"], ctx.signal);
      return first;
    })(),
  );
  if (raced.kind === "aborted")
    return failedResult(engineFailure(abortError(), check.socketPath, ctx.timeoutMs), evidence);
  if (raced.kind === "error") {
    const status = dockerStatus(raced.error);
    if (status === 409 || status === 404) {
      const why = `${name} stopped or disappeared before its environment could be read: ${dockerMessage(raced.error)}`;
      return finishResult({
        verdicts: [verdict("[STATE] == running", "gone", false, "crit", why)],
        value: null,
        unit: null,
        evidence,
        okSummary: why,
      });
    }
    return failedResult(engineFailure(raced.error, check.socketPath, ctx.timeoutMs), evidence);
  }
  const out = raced.value;
  evidence.exitCode = out.exitCode;
  if (out.truncated) evidence.outputTruncated = true;
  if (out.exitCode !== 0) {
    // stderr only: stdout could hold values.
    return unknownResult(
      `printenv failed in ${name} (exit ${out.exitCode}): ${excerpt(out.stderr, 160) || "no message"}`,
      evidence,
    );
  }

  const findings = judgeEnv(parseEnvOutput(out.stdout), check.required, check.secret);
  for (const f of findings) evidence[`env ${f.name}`] = f.secret ? `${f.shown} (secret)` : f.shown;
  const verdicts = findings.map((f) => {
    const expected = check.required.find((r) => r.name === f.name)?.equals;
    const condition =
      expected !== undefined ? `[ENV] ${f.name} == ${JSON.stringify(expected)}` : `[ENV] ${f.name} is set`;
    const why =
      f.status === "mismatch"
        ? `${f.name} is ${f.shown} in ${name}, expected ${JSON.stringify(expected)}`
        : `${f.name} is ${f.status === "missing" ? "not set" : "empty"} in ${name}${f.secret ? " (secret)" : ""}`;
    return verdict(condition, f.shown, f.status === "set", "crit", why);
  });
  const bad = findings.filter((f) => f.status !== "set").length;
  const pinned = findings.filter(
    (f) => !f.secret && check.required.some((r) => r.name === f.name && r.equals !== undefined),
  );
  return finishResult({
    verdicts,
    value: bad,
    unit: "problems",
    evidence,
    okSummary: `all ${findings.length} variables set in ${name}${pinned.length ? ` (${pinned.map((f) => `${f.name}=${f.shown}`).join(", ")})` : ""}`,
  });
};
