import "server-only";
import Docker from "dockerode";
import { errorCode, errorMessage } from "@/lib/probes/infra/deadline";
import type { InfraFailure } from "@/lib/probes/infra/infra-result";

const CLIENTS = new Map<string, Docker>();

/** One client per socket, shared by every docker probe (dockerode keeps no connection open between calls). */
export function dockerClient(socketPath: string): Docker {
  let client = CLIENTS.get(socketPath);
  if (!client) {
    client = new Docker({ socketPath });
    CLIENTS.set(socketPath, client);
  }
  return client;
}

/** HTTP status of a Docker Engine API error (404 no such container, 409 not running), if any. */
export function dockerStatus(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null || !("statusCode" in err)) return undefined;
  const status = (err as { statusCode: unknown }).statusCode;
  return typeof status === "number" ? status : undefined;
}

/** The engine's own message ("No such container: x") rather than dockerode's "(HTTP code 404) …" wrapper. */
export function dockerMessage(err: unknown): string {
  if (typeof err === "object" && err !== null && "json" in err) {
    const json = (err as { json: unknown }).json;
    if (typeof json === "object" && json !== null && "message" in json)
      return String((json as { message: unknown }).message).trim();
  }
  return errorMessage(err);
}

const UNREACHABLE = new Set(["ENOENT", "ECONNREFUSED", "EACCES", "ENOTSOCK", "ECONNRESET", "EPIPE"]);

/** The engine could not be asked: unknown, never crit (the engine is the instrument, not the target). */
export function engineFailure(err: unknown, socketPath: string, timeoutMs: number): InfraFailure {
  const code = errorCode(err) ?? "";
  if (UNREACHABLE.has(code)) {
    return {
      level: "unknown",
      condition: "[ENGINE] reachable",
      reason: `no Docker engine reachable at unix://${socketPath} (${code})`,
    };
  }
  if (code === "ABORT_ERR" || (err instanceof Error && err.name === "AbortError")) {
    return {
      level: "unknown",
      condition: "[ENGINE] answers within deadline",
      reason: `Docker engine at unix://${socketPath} did not answer within ${timeoutMs} ms`,
    };
  }
  const status = dockerStatus(err);
  return {
    level: "unknown",
    condition: "[ENGINE] request succeeds",
    reason: `Docker engine at unix://${socketPath}: ${status ? `HTTP ${status} ` : ""}${dockerMessage(err)}`,
  };
}

/** Stops reading a stream the engine sends (events, logs) and closes its connection. */
export function destroyStream(stream: NodeJS.ReadableStream): void {
  (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
}

/**
 * A followed engine stream's end: `onEnd` runs once, with the first reason, whether the stream errors, ends
 * or closes (a dropped connection often does all three), and the stream is destroyed.
 */
export function onEngineStreamEnd(
  stream: NodeJS.ReadableStream,
  socketPath: string,
  endedWhy: string,
  onEnd: (why: string) => void,
): void {
  let ended = false;
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    destroyStream(stream);
    onEnd(why);
  };
  stream.on("error", (err: unknown) => end(engineFailure(err, socketPath, 0).reason));
  stream.on("end", () => end(endedWhy));
  stream.on("close", () => end(endedWhy));
}
