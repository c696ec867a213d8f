import "server-only";
import type Docker from "dockerode";
import {
  destroyStream,
  dockerClient,
  engineFailure,
  onEngineStreamEnd,
} from "@/lib/probes/infra/docker-client";
import { type ContainerEvent, parseContainerEvent, splitLines } from "@/lib/probes/infra/docker-events-parse";
import { createRetryTimer } from "@/lib/runtime/retry";

export type { ContainerEvent } from "@/lib/probes/infra/docker-events-parse";

/** Engine events that change what a docker-container check reads (state, health, restarts). */
export const CONTAINER_EVENT_ACTIONS = [
  "die",
  "stop",
  "start",
  "health_status",
  "kill",
  "oom",
  "destroy",
  "restart",
] as const;

export type EngineStatus = { kind: "connected" } | { kind: "down"; reason: string };

export type WatchOptions = {
  socketPath: string;
  onEvent: (event: ContainerEvent) => void;
  /** Called on changes only (connected → down → connected), never once per failed retry. */
  onStatus: (status: EngineStatus) => void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  docker?: Docker;
};

export type EventWatch = { stop: () => void; status: () => EngineStatus | null };

/**
 * Follows the engine's container events until stopped. When the engine goes away the
 * stream is re-opened with backoff; callbacks see one "down" per outage and one "connected" per recovery.
 * Never throws: every failure becomes a status.
 */
export function watchDockerEvents(options: WatchOptions): EventWatch {
  const docker = options.docker ?? dockerClient(options.socketPath);
  let current: EngineStatus | null = null;
  let stopped = false;
  const reconnect = createRetryTimer(
    { initialMs: options.initialBackoffMs ?? 250, maxMs: options.maxBackoffMs ?? 5000 },
    () => void connect(),
  );
  let controller: AbortController | null = null;

  const report = (status: EngineStatus) => {
    // One report per outage even if the cause changes between retries (ECONNRESET, then ENOENT …).
    const same = current?.kind === status.kind;
    current = status;
    if (same) return;
    try {
      options.onStatus(status);
    } catch {
      // a listener's bug must not stop the watch
    }
  };

  const retry = (reason: string) => {
    controller?.abort();
    controller = null;
    if (stopped) return;
    report({ kind: "down", reason });
    reconnect.schedule(reconnect.failed());
  };

  async function connect() {
    if (stopped) return;
    const own = new AbortController();
    controller = own;
    let stream: NodeJS.ReadableStream;
    try {
      stream = await docker.getEvents({
        filters: { type: ["container"], event: [...CONTAINER_EVENT_ACTIONS] },
        abortSignal: own.signal,
      } as Docker.GetEventsOptions);
    } catch (err) {
      if (controller === own) retry(engineFailure(err, options.socketPath, 0).reason);
      return;
    }
    if (stopped || controller !== own) {
      destroyStream(stream);
      return;
    }
    reconnect.succeeded();
    report({ kind: "connected" });
    let pending = "";
    stream.on("data", (chunk: Buffer | string) => {
      const split = splitLines(pending, chunk.toString());
      pending = split.rest;
      for (const line of split.lines) {
        const event = parseContainerEvent(line);
        if (!event) continue;
        try {
          options.onEvent(event);
        } catch {
          // a listener's bug must not stop the watch
        }
      }
    });
    const ended = `Docker engine at unix://${options.socketPath} closed its event stream`;
    onEngineStreamEnd(stream, options.socketPath, ended, (why) => {
      if (controller === own) retry(why);
    });
  }

  void connect();

  return {
    stop() {
      stopped = true;
      reconnect.cancel();
      controller?.abort();
      controller = null;
    },
    status: () => current,
  };
}
