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
      // The two streams come back apart: their timestamps put the lines back in the order written.
      timestamps: true,
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
  const stamped = (container.tty ? parseRawLog(buf) : parseLogFrames(buf)).map((l) => {
    const at = l.text.indexOf(" ");
    return {
      ...l,
      at: at > 0 ? sortable(l.text.slice(0, at)) : "",
      text: at > 0 ? l.text.slice(at + 1) : l.text,
    };
  });
  const lines = stamped
    .map((l, i) => ({ ...l, i }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.i - b.i)
    .filter((l) => l.text.trim() !== "");
  evidence.logTailLines = lines.length;
  lines.slice(-shown).forEach((l, i) => {
    evidence[`log ${i + 1}`] = `${l.stream}: ${excerpt(l.text, 200)}`;
  });
  const last = lines.at(-1);
  return last ? excerpt(last.text, 160) : null;
}

/** Docker's RFC 3339 nano timestamps drop trailing zeros: pad the fraction so they sort as text. */
function sortable(ts: string): string {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(ts);
  return m ? `${m[1]}.${(m[2] ?? "").padEnd(9, "0")}${m[3]}` : ts;
}
