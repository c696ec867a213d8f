import { request } from "node:http";
import type Docker from "dockerode";
import { containerLogs } from "@/lib/rollback/container-logs";

/** One line of step output; the executor stores and pushes it as it comes. */
export type Emit = (line: string) => void;

const POLL_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function stopContainer(docker: Docker, name: string, emit: Emit): Promise<void> {
  const info = await docker.getContainer(name).inspect();
  if (!info.State.Running) {
    emit(`${name} already ${info.State.Status}`);
    return;
  }
  await docker.getContainer(name).stop({ t: 10 });
  emit(name);
}

export async function tagImage(docker: Docker, image: string, repo: string, tag: string, emit: Emit) {
  await docker.getImage(image).tag({ repo, tag });
  const now = await docker.getImage(`${repo}:${tag}`).inspect();
  if (now.Id !== image && !now.Id.endsWith(image.replace(/^sha256:/, ""))) {
    throw new Error(`${repo}:${tag} points at ${now.Id}, not ${image}`);
  }
  emit(`${repo}:${tag} → ${now.Id.slice(7, 19)} (${(now.RepoTags ?? []).join(", ")})`);
}

export async function startContainer(docker: Docker, name: string, emit: Emit): Promise<void> {
  const info = await docker.getContainer(name).inspect();
  if (info.State.Running) {
    emit(`${name} already running`);
    return;
  }
  await docker.getContainer(name).start();
  emit(name);
}

export async function restartContainer(docker: Docker, name: string, emit: Emit): Promise<void> {
  await docker.getContainer(name).restart({ t: 10 });
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
  const logs = await containerLogs(docker, name, { tail: 8 }).catch(() => "");
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
  signal?: AbortSignal,
): Promise<void> {
  const started = Date.now();
  let lastStatus = "";
  for (;;) {
    if (signal?.aborted) throw new Error("aborted");
    const info = await docker.getContainer(name).inspect();
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

export async function verifyHealth(url: string, emit: Emit): Promise<void> {
  const res = await httpGet(url);
  emit(`${res.status} in ${res.ms} ms: ${res.body.slice(0, 200).trim()}`);
  if (res.status !== 200) throw new Error(`health answered ${res.status}, not 200`);
}

/** Search passes with HTTP 200 and at least one product (runbook smoke test 4). */
export async function verifySearch(url: string, emit: Emit): Promise<void> {
  const res = await httpGet(url);
  let count = -1;
  let total: unknown = null;
  try {
    const body = JSON.parse(res.body) as { products?: unknown[]; results?: unknown[]; total?: unknown };
    count = (body.products ?? body.results ?? []).length;
    total = body.total ?? null;
  } catch {
    // not JSON: count stays -1 and the check fails below with the body quoted
  }
  emit(
    `${res.status} in ${res.ms} ms: ${count < 0 ? `not JSON: ${res.body.slice(0, 120)}` : `${count} result(s), total ${String(total)}`}`,
  );
  if (res.status !== 200) throw new Error(`search answered ${res.status}, not 200`);
  if (count < 1) throw new Error("search returned no results");
}

/** The affiliate redirect: a 3xx whose Location carries tag=<tag> (read, not followed). */
export async function verifyRedirect(url: string, tag: string, emit: Emit): Promise<void> {
  const res = await httpGet(url);
  emit(`${res.status} in ${res.ms} ms → ${res.location ?? "(no Location)"}`);
  if (res.status < 300 || res.status > 399) throw new Error(`redirect answered ${res.status}, not a 3xx`);
  if (!res.location?.includes(`tag=${tag}`)) throw new Error(`Location does not carry tag=${tag}`);
}
