import { createLogState } from "@/lib/runtime/log";
import { setProcessState } from "@/lib/runtime/process-state";

export type LogLine = Record<string, unknown> & { level: string; msg?: string };

/** Sends the process's log to memory from now on; `lines()` parses what was written, `restore()` ends it. */
export function captureLog(): { lines: () => LogLine[]; restore: () => void } {
  const chunks: string[] = [];
  setProcessState("runtime.log", createLogState({ write: (chunk: string) => void chunks.push(chunk) }));
  return {
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as LogLine),
    restore: () => setProcessState("runtime.log", undefined),
  };
}
