import type Docker from "dockerode";
import type { RollbackTarget } from "@/lib/model/rollback";
import type { ServiceAction } from "@/lib/model/service-actions-schema";
import { execInContainer } from "@/lib/probes/infra/docker-exec";
import { readStats } from "@/lib/probes/infra/docker-stats";
import { type Bounds, type Emit, inspectContainer } from "@/lib/rollback/docker-steps";
import { engineCall } from "@/lib/rollback/engine-call";
import type { ServiceFacts } from "@/lib/rollback/service-action-plan";
import { listProjectContainers } from "@/lib/rollback/stack-restart-plan";

/** Bound on one command run in a container (python's start-up and a celery broadcast fit easily). */
export const EXEC_MS = 30_000;
const WATCH_EVERY_MS = 2000;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** `docker stats --no-stream` of one container: memory in use and its limit. */
export async function containerMemory(
  docker: Docker,
  name: string,
  b: Pick<Bounds, "callMs" | "signal">,
): Promise<{ bytes: number; limit: number | null } | { error: string }> {
  try {
    // dockerode honours abortSignal here; its typings for stats() do not list it.
    const raw = await engineCall(
      `docker stats --no-stream ${name}`,
      b.callMs,
      (abortSignal) => docker.getContainer(name).stats({ stream: false, abortSignal } as { stream: false }),
      b.signal,
    );
    const s = readStats(raw);
    if ("error" in s) return s;
    if (s.memoryBytes === null) return { error: "no memory figure (stopped?)" };
    return { bytes: s.memoryBytes, limit: s.memoryLimitBytes };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** What a service action's plan needs from the engine now. */
export async function gatherServiceFacts(
  docker: Docker,
  target: RollbackTarget,
  action: ServiceAction,
  callMs: number,
): Promise<ServiceFacts> {
  const containers = target.project ? await listProjectContainers(docker, target.project) : [];
  const byService = new Map(containers.map((c) => [c.service, c]));
  const memory = new Map<string, number | null>();
  const shapes: ServiceFacts["shapes"] = new Map();
  for (const step of action.steps) {
    if (step.do === "restart-highest-memory") {
      await Promise.all(
        step.among.map(async (service) => {
          const c = byService.get(service);
          const m =
            c && c.state === "running" ? await containerMemory(docker, c.container, { callMs }) : null;
          memory.set(service, m && "bytes" in m ? m.bytes : null);
        }),
      );
    }
    if (step.do === "scale") {
      const c = byService.get(step.service);
      if (!c) continue;
      const info = await inspectContainer(docker, c.container, { callMs, stopTimeoutS: 0 });
      const bindings = Object.values(info.HostConfig.PortBindings ?? {}) as (
        | { HostPort?: string }[]
        | null
      )[];
      shapes.set(step.service, {
        networkMode: info.HostConfig.NetworkMode ?? "",
        hostPorts: bindings.flatMap((list) => (list ?? []).map((p) => p.HostPort ?? "").filter(Boolean)),
        name: info.Name.replace(/^\//, ""),
      });
    }
  }
  // Which variables the requests name are set: the plan says which to set, never reads a value.
  const names = action.steps.flatMap((st) =>
    st.do === "http" ? Object.values(st.headersFromEnv).flat() : [],
  );
  const envSet = new Set(names.filter((n) => process.env[n]));
  return { containers, memory, shapes, envSet };
}

export async function killContainer(docker: Docker, name: string, emit: Emit, b: Bounds): Promise<void> {
  const info = await inspectContainer(docker, name, b);
  if (!info.State.Running) {
    emit(`${name} already ${info.State.Status}`);
    return;
  }
  await engineCall(
    `docker kill ${name}`,
    b.callMs,
    (abortSignal) => docker.getContainer(name).kill({ abortSignal }),
    b.signal,
  );
  emit(`${name} killed (SIGKILL)`);
}

async function runIn(docker: Docker, name: string, cmd: string[], b: Bounds) {
  const signal = AbortSignal.any([AbortSignal.timeout(EXEC_MS), ...(b.signal ? [b.signal] : [])]);
  return execInContainer(docker.getContainer(name), cmd, signal).catch((err: unknown) => {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`docker exec ${name} ${cmd.join(" ")}: ${why}`);
  });
}

const lastLines = (text: string, n = 12) => text.trim().split("\n").slice(-n);

/** `docker exec`: exit 0 and (when asked) output matching `expect`, else the step fails with the output. */
export async function execCheck(
  docker: Docker,
  name: string,
  cmd: string[],
  expect: string | undefined,
  emit: Emit,
  b: Bounds,
): Promise<void> {
  const out = await runIn(docker, name, cmd, b);
  for (const line of lastLines(`${out.stdout}\n${out.stderr}`)) if (line.trim()) emit(line);
  if (out.exitCode !== 0) throw new Error(`exit code ${out.exitCode ?? "unknown"}`);
  if (expect && !new RegExp(expect).test(out.stdout)) throw new Error(`output does not match /${expect}/`);
}

/**
 * `watch -n 2 '<cmd>'` until its number falls below the first reading or reaches 0 (the queue clearing),
 * at most `withinS`; every reading is shown.
 */
export async function watchFalling(
  docker: Docker,
  name: string,
  cmd: string[],
  withinS: number,
  emit: Emit,
  b: Bounds,
): Promise<void> {
  const started = Date.now();
  let first: number | null = null;
  const seen: number[] = [];
  for (;;) {
    if (b.signal?.aborted) throw new Error(`stopped watching: ${String(b.signal.reason ?? "aborted")}`);
    const out = await runIn(docker, name, cmd, b);
    const n = Number(out.stdout.trim());
    const s = ((Date.now() - started) / 1000).toFixed(1);
    if (out.exitCode !== 0 || !Number.isFinite(n))
      throw new Error(
        `not a number (exit ${out.exitCode}): ${(out.stdout + out.stderr).trim().slice(0, 200)}`,
      );
    emit(`${s} s: ${n}`);
    seen.push(n);
    first ??= n;
    if (n === 0 || n < first) return;
    if (Date.now() - started >= withinS * 1000)
      throw new Error(`not falling within ${withinS} s: ${seen.join(" → ")}`);
    await sleep(WATCH_EVERY_MS, b.signal);
  }
}

/** `docker stats --no-stream` of each: memory used and limit, one line each. */
export async function showMemory(docker: Docker, names: string[], emit: Emit, b: Bounds): Promise<void> {
  const all = await Promise.all(names.map(async (n) => [n, await containerMemory(docker, n, b)] as const));
  for (const [n, m] of all) {
    if ("error" in m) emit(`${n}: unknown (${m.error})`);
    else
      emit(
        `${n}: ${mib(m.bytes)}${m.limit ? ` / ${mib(m.limit)} (${((m.bytes / m.limit) * 100).toFixed(1)}%)` : ""}`,
      );
  }
}
