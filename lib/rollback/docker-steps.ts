import { request } from "node:http";
import type Docker from "dockerode";
import { containerLogs } from "@/lib/rollback/container-logs";
import { engineCall } from "@/lib/rollback/engine-call";

/** One line of step output; the executor stores and pushes it as it comes. */
export type Emit = (line: string) => void;

const POLL_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every engine call of a step: its bound, the stop timeout, and the step's deadline/abort signal. */
export type Bounds = { callMs: number; stopTimeoutS: number; signal?: AbortSignal };

// dockerode passes abortSignal through to the request; its option types do not all declare it.
type Signalled = { abortSignal: AbortSignal };
const withSignal = <T extends object>(opts: T, signal: AbortSignal) =>
  ({ ...opts, abortSignal: signal }) as T & Signalled;

export function inspectContainer(docker: Docker, name: string, b: Bounds) {
  return engineCall(
    `docker inspect ${name}`,
    b.callMs,
    (signal) => docker.getContainer(name).inspect(withSignal({}, signal)),
    b.signal,
  );
}

/** `docker stop -t N`: the call may take the stop timeout before the engine answers. */
export function stopBounded(docker: Docker, idOrName: string, b: Bounds) {
  return engineCall(
    `docker stop ${idOrName}`,
    b.stopTimeoutS * 1000 + b.callMs,
    (signal) => docker.getContainer(idOrName).stop(withSignal({ t: b.stopTimeoutS }, signal)),
    b.signal,
  );
}

export async function stopContainer(docker: Docker, name: string, emit: Emit, b: Bounds): Promise<void> {
  const info = await inspectContainer(docker, name, b);
  if (!info.State.Running) {
    emit(`${name} already ${info.State.Status}`);
    return;
  }
  const started = Date.now();
  await stopBounded(docker, name, b);
  const ms = Date.now() - started;
  // A stop that took the whole timeout ended in SIGKILL: the container ignored SIGTERM.
  emit(ms >= b.stopTimeoutS * 1000 ? `${name} (killed after the ${b.stopTimeoutS} s stop timeout)` : name);
}

export async function tagImage(
  docker: Docker,
  image: string,
  repo: string,
  tag: string,
  emit: Emit,
  b: Bounds,
) {
  await engineCall(
    `docker tag ${image} ${repo}:${tag}`,
    b.callMs,
    (signal) => docker.getImage(image).tag(withSignal({ repo, tag }, signal)),
    b.signal,
  );
  const now = await engineCall(
    `docker image inspect ${repo}:${tag}`,
    b.callMs,
    (signal) => docker.getImage(`${repo}:${tag}`).inspect(withSignal({}, signal) as object),
    b.signal,
  );
  if (now.Id !== image && !now.Id.endsWith(image.replace(/^sha256:/, ""))) {
    throw new Error(`${repo}:${tag} points at ${now.Id}, not ${image}`);
  }
  emit(`${repo}:${tag} → ${now.Id.slice(7, 19)} (${(now.RepoTags ?? []).join(", ")})`);
}

export async function startContainer(docker: Docker, name: string, emit: Emit, b: Bounds): Promise<void> {
  const info = await inspectContainer(docker, name, b);
  if (info.State.Running) {
    emit(`${name} already running`);
    return;
  }
  await engineCall(
    `docker start ${name}`,
    b.callMs,
    (signal) => docker.getContainer(name).start(withSignal({}, signal)),
    b.signal,
  );
  emit(name);
}

export async function restartContainer(docker: Docker, name: string, emit: Emit, b: Bounds): Promise<void> {
  await engineCall(
    `docker restart ${name}`,
    b.stopTimeoutS * 1000 + b.callMs,
    (signal) => docker.getContainer(name).restart(withSignal({ t: b.stopTimeoutS }, signal)),
    b.signal,
  );
  emit(name);
}

async function explain(
  docker: Docker,
  name: string,
  health: { Log?: { Output?: string; ExitCode?: number }[] } | undefined,
) {
  const last = health?.Log?.at(-1);
  const check = last
    ? `last health check (exit ${last.ExitCode}): ${last.Output?.trim() || "(no output)"}`
    : "";
  const logs = await engineCall("docker logs", 5000, () => containerLogs(docker, name, { tail: 8 })).catch(
    () => "",
  );
  return [check, logs.trim() ? `last log lines:\n${logs.trim()}` : ""].filter(Boolean).join("\n");
}

/**
 * Waits (bounded) for the container's Docker health to be `healthy`; a container without a HEALTHCHECK
 * counts once it has stayed running for 2 s. Fails at once if it stops, with its health output and logs.
 */
export async function waitHealthy(
  docker: Docker,
  name: string,
  timeoutMs: number,
  emit: Emit,
  b: Bounds,
): Promise<void> {
  const started = Date.now();
  let lastStatus = "";
  for (;;) {
    if (b.signal?.aborted) throw new Error(`stopped waiting: ${String(b.signal.reason ?? "aborted")}`);
    const info = await inspectContainer(docker, name, b);
    const health = info.State.Health;
    const status = health?.Status ?? (info.State.Running ? "running (no healthcheck)" : info.State.Status);
    const elapsed = Date.now() - started;
    if (status !== lastStatus) {
      emit(`${(elapsed / 1000).toFixed(1)} s: ${status}`);
      lastStatus = status;
    }
    if (health?.Status === "healthy") return;
    if (!health && info.State.Running && Date.parse(info.State.StartedAt) <= Date.now() - 2000) return;
    if (!info.State.Running || info.State.Restarting) {
      throw new Error(
        `${name} stopped (${info.State.Status}, exit code ${info.State.ExitCode}) before it was healthy\n${await explain(docker, name, health)}`,
      );
    }
    if (elapsed >= timeoutMs) {
      throw new Error(
        `ROLLBACK HEALTH TIMEOUT: ${name} not healthy within ${Math.round(timeoutMs / 1000)} s (health: ${status}) — escalate to Rex\n${await explain(docker, name, health)}`,
      );
    }
    await sleep(POLL_MS);
  }
}

export type HttpAnswer = { status: number; location: string | null; body: string; ms: number };

/** One GET that never follows redirects (the Location is what the check reads), bounded at 5 s. */
export function httpGet(url: string, timeoutMs = 5000): Promise<HttpAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => {
        if (chunks.reduce((n, b) => n + b.length, 0) < 64_000) chunks.push(c);
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          location: typeof res.headers.location === "string" ? res.headers.location : null,
          body: Buffer.concat(chunks).toString("utf8"),
          ms: Date.now() - started,
        }),
      );
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}
