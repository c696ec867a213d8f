import type Docker from "dockerode";
import { containerLogs } from "@/lib/rollback/container-logs";

const POLL_MS = 250;

export type HealthWait = { until: "healthy" | "unhealthy"; timeoutMs: number };

/**
 * Polls `docker inspect` until the container's health is the wanted one. Waiting for healthy fails at
 * once when the container exits or restarts, with its last health output and log lines.
 */
export async function waitForHealth(docker: Docker, name: string, wait: HealthWait): Promise<void> {
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    const info = await docker.getContainer(name).inspect();
    const health = info.State.Health;
    if (health?.Status === wait.until) return;
    const hasStopped = !info.State.Running || info.State.Restarting;
    if (wait.until === "healthy" && hasStopped) {
      throw new Error(
        `${name} stopped (${info.State.Status}, exit code ${info.State.ExitCode}) before it was healthy${await explainFailure(docker, name, health)}`,
      );
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${name} was not ${wait.until} within ${wait.timeoutMs} ms (health: ${health?.Status ?? "none"})${await explainFailure(docker, name, health)}`,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

type Health = { Log?: { Output?: string; ExitCode?: number }[] } | undefined;

async function explainFailure(docker: Docker, name: string, health: Health): Promise<string> {
  const last = health?.Log?.at(-1);
  const check = last
    ? `\n  last health check (exit ${last.ExitCode}): ${last.Output?.trim() || "(no output)"}`
    : "";
  const logs = await containerLogs(docker, name, { tail: 15 }).catch(() => "");
  const tail = logs.trim() ? `\n  last log lines:\n    ${logs.trim().split("\n").join("\n    ")}` : "";
  return `${check}${tail}`;
}
