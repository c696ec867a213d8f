// The warroom image under test: `docker build` and `docker run` through the CLI, as a person runs them,
// and waits on what the container says. Host networking only. Never used by the app.
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** `docker <args>`; its stdout, trimmed. */
export async function dockerCli(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const { stdout } = await run("docker", [...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

export type BuildResult = { ms: number; output: string[] };

/**
 * `docker build --network host` of the repository's Dockerfile. Host networking: the engine has no bridge,
 * and a RUN step's container needs a network all the same. Rejects with the build's output on failure.
 */
export function buildImage(
  tag: string,
  distDir: string,
  cwd: string,
  timeoutMs: number,
): Promise<BuildResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      "docker",
      ["build", "--network", "host", "--build-arg", `DIST_DIR=${distDir}`, "-t", tag, "."],
      { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOCKER_BUILDKIT: "0" } },
    );
    const output: string[] = [];
    const collect = (chunk: Buffer) =>
      output.push(
        ...chunk
          .toString()
          .split("\n")
          .filter((l) => l.trim()),
      );
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, output });
      else reject(new Error(`docker build exited ${code ?? signal}:\n${output.slice(-40).join("\n")}`));
    });
  });
}

export type Health = { status?: string; storage?: { kind?: string | null; ready?: boolean } } & Record<
  string,
  unknown
>;

/** Polls `<base>/api/health` until it says "ok"; the container's exit ends the wait at once. */
export async function waitForHealthOk(base: string, container: string, timeoutMs: number): Promise<Health> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    const body = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) })
      .then((r) => r.json() as Promise<Health>)
      .catch((err: unknown) => ({ status: `no answer (${String(err)})` }) as Health);
    if (body.status === "ok") return body;
    last = String(body.status);
    const state = await dockerCli(["inspect", "-f", "{{.State.Status}}", container]).catch(() => "gone");
    if (state !== "running") {
      throw new Error(
        `container ${container} is ${state} before /api/health said ok:\n${await logsOf(container)}`,
      );
    }
    await sleep(500);
  }
  throw new Error(
    `${base}/api/health not ok within ${timeoutMs / 1000} s (last: ${last}):\n${await logsOf(container)}`,
  );
}

/** Waits for the image's own HEALTHCHECK to call the container healthy. */
export async function waitForDockerHealthy(container: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let status = "";
  while (Date.now() < deadline) {
    status = await dockerCli([
      "inspect",
      "-f",
      "{{if .State.Health}}{{.State.Health.Status}}{{end}}",
      container,
    ]);
    if (status === "healthy" || status === "unhealthy") return status;
    await sleep(500);
  }
  return status || "no health status";
}

/** `docker stop`, then the exit code the container's process returned. */
export async function stopContainer(container: string, graceSeconds: number): Promise<number> {
  await dockerCli(["stop", "-t", String(graceSeconds), container], (graceSeconds + 30) * 1000);
  return Number(await dockerCli(["inspect", "-f", "{{.State.ExitCode}}", container]));
}

export async function removeContainer(container: string): Promise<void> {
  await dockerCli(["rm", "-f", container]).catch(() => undefined);
}

export async function logsOf(container: string): Promise<string> {
  return run("docker", ["logs", "--tail", "60", container], { maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => `${stdout}${stderr}`,
    (err: unknown) => `(no logs: ${String(err)})`,
  );
}

/** The JSON log lines (pino) of a container, parsed; other lines are left out. */
export async function jsonLogsOf(container: string): Promise<Record<string, unknown>[]> {
  const { stdout } = await run("docker", ["logs", container], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
