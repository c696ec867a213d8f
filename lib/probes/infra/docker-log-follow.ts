import "server-only";
import type Docker from "dockerode";
import {
  destroyStream,
  dockerClient,
  dockerStatus,
  engineFailure,
  onEngineStreamEnd,
} from "@/lib/probes/infra/docker-client";
import { type DockerTarget, describeTarget, findContainer } from "@/lib/probes/infra/docker-container-find";
import { createLogDemuxer } from "@/lib/probes/infra/log-frames";
import { splitStamp } from "@/lib/rules/log-lines";
import { createRetryTimer } from "@/lib/runtime/retry";

export type FollowStatus =
  | { kind: "connected"; container: string }
  | { kind: "down"; reason: string; sinceMs: number };

export type FollowOptions = {
  target: DockerTarget;
  /** One log line: its engine time (ms; null if it had none) and text. Never called after stop. */
  onLine: (atMs: number | null, text: string) => void;
  /** Called on changes only (connected → down → connected), never once per failed retry. */
  onStatus: (status: FollowStatus) => void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Bound on finding the container and opening its stream. */
  connectTimeoutMs?: number;
  docker?: Docker;
  now?: () => number;
};

export type LogFollow = { stop: () => void; status: () => FollowStatus | null };

/**
 * Follows one container's log stream (one connection) until stopped. When the stream ends (the
 * container stopped, restarted or was replaced) or the engine goes away, it finds the container again and
 * re-opens the stream with backoff, from the last line it saw, so lines written meanwhile are counted
 * once. Never throws: every failure becomes a status.
 */
export function followContainerLogs(options: FollowOptions): LogFollow {
  const docker = options.docker ?? dockerClient(options.target.socketPath);
  const now = options.now ?? Date.now;
  const what = describeTarget(options.target);
  let current: FollowStatus | null = null;
  let stopped = false;
  let controller: AbortController | null = null;
  /** Engine time of the newest line seen: the next stream starts there. */
  let lastLineMs: number | null = null;
  const reconnect = createRetryTimer(
    { initialMs: options.initialBackoffMs ?? 250, maxMs: options.maxBackoffMs ?? 5000 },
    () => void connect(),
  );

  const report = (status: FollowStatus) => {
    // One report per outage, even if the cause changes between retries: its first reason and start stay.
    if (status.kind === "down" && current?.kind === "down") return;
    current = status;
    try {
      options.onStatus(status);
    } catch {
      // a listener's bug must not stop the follow
    }
  };

  const retry = (reason: string) => {
    controller?.abort();
    controller = null;
    if (stopped) return;
    report({ kind: "down", reason, sinceMs: current?.kind === "down" ? current.sinceMs : now() });
    reconnect.schedule(reconnect.failed());
  };

  async function connect() {
    if (stopped) return;
    const own = new AbortController();
    controller = own;
    const timeoutMs = options.connectTimeoutMs ?? 5000;
    const timer = setTimeout(() => own.abort(), timeoutMs);
    try {
      const found = await findContainer(docker, options.target, {
        signal: own.signal,
        timeoutMs,
        state: new Map(),
        now,
      });
      if (controller !== own) return;
      if (found.kind === "failed") return retry(found.reason);
      const { info } = found;
      if (!info.State.Running) return retry(`${info.name} is ${info.State.Status}`);
      // From the last line seen (or from when the stream went down): nothing is counted twice or missed.
      const fromMs = lastLineMs ?? (current?.kind === "down" ? current.sinceMs : now());
      const stream = await docker.getContainer(info.Id).logs({
        follow: true,
        stdout: true,
        stderr: true,
        timestamps: true,
        since: (fromMs / 1000).toFixed(3),
        abortSignal: own.signal,
      });
      clearTimeout(timer);
      if (stopped || controller !== own) return destroyStream(stream);
      reconnect.succeeded();
      report({ kind: "connected", container: info.name });
      read(stream, info.name, Boolean(info.Config.Tty), own);
    } catch (err) {
      if (controller !== own) return;
      retry(
        dockerStatus(err) === 404
          ? `${what} disappeared`
          : own.signal.aborted
            ? `Docker engine at unix://${options.target.socketPath} did not open the log stream within ${timeoutMs} ms`
            : engineFailure(err, options.target.socketPath, timeoutMs).reason,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  function read(stream: NodeJS.ReadableStream, name: string, tty: boolean, own: AbortController) {
    const skipBefore = lastLineMs;
    const demux = createLogDemuxer(tty, (line) => {
      if (stopped || controller !== own) return;
      const { atMs, message } = splitStamp(line.text);
      // The new stream starts at the last line's millisecond: lines up to it were counted already.
      if (atMs !== null && skipBefore !== null && atMs <= skipBefore) return;
      if (atMs !== null) lastLineMs = Math.max(lastLineMs ?? atMs, atMs);
      try {
        options.onLine(atMs, message);
      } catch {
        // a listener's bug must not stop the follow
      }
    });
    stream.on("data", (chunk: Buffer | string) =>
      demux.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)),
    );
    const ended = `the log stream of ${name} ended (stopped, restarted or replaced)`;
    onEngineStreamEnd(stream, options.target.socketPath, ended, (why) => {
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
