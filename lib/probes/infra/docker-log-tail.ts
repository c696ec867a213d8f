import "server-only";
import type Docker from "dockerode";
import type { Evidence } from "@/lib/model/probe";
import { errorMessage, raceSignal } from "@/lib/probes/infra/deadline";
import { parseLogFrames, parseRawLog } from "@/lib/probes/infra/log-frames";
import { excerpt } from "@/lib/probes/result";

/**
 * Incident §2.2: "If any container is Exited or Restarting: tail logs for the failing container". Its last
 * `tail` lines (`docker logs --tail`), the last `shown` of them put in the evidence as `log 1…n`, oldest
 * first; the last non-empty line is returned for the summary. Reading fails: the reason is in the evidence.
 */
export async function addLogTail(
  docker: Docker,
  container: { Id: string; tty: boolean },
  tail: number,
  shown: number,
  signal: AbortSignal,
  evidence: Evidence,
): Promise<string | null> {
  const raced = await raceSignal(
    signal,
    docker.getContainer(container.Id).logs({
      stdout: true,
      stderr: true,
      tail,
      timestamps: false,
      follow: false,
      abortSignal: signal,
    }),
  );
  if (raced.kind === "aborted") {
    evidence.logTailError = "log read timed out";
    return null;
  }
  if (raced.kind === "error") {
    evidence.logTailError = excerpt(errorMessage(raced.error), 200);
    return null;
  }
  const buf = Buffer.isBuffer(raced.value) ? raced.value : Buffer.from(String(raced.value));
  const lines = (container.tty ? parseRawLog(buf) : parseLogFrames(buf)).filter((l) => l.text.trim() !== "");
  evidence.logTailLines = lines.length;
  lines.slice(-shown).forEach((l, i) => {
    evidence[`log ${i + 1}`] = `${l.stream}: ${excerpt(l.text, 200)}`;
  });
  const last = lines.at(-1);
  return last ? excerpt(last.text, 160) : null;
}
