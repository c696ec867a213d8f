import type Docker from "dockerode";
import { newestFile } from "@/lib/rollback/backup-plan";
import { demuxFrames } from "@/lib/rollback/container-logs";
import type { Bounds, Emit } from "@/lib/rollback/docker-steps";
import { engineCall } from "@/lib/rollback/engine-call";

/** Bound on a command run in a container (a dump of the catalog without its products takes seconds). */
export const EXEC_MS = 120_000;

/**
 * `docker exec <container> <cmd…>`: its output goes to the step, a non-zero exit fails it. The whole
 * exchange is bounded by EXEC_MS and the step's signal.
 */
export async function execInContainer(
  docker: Docker,
  container: string,
  cmd: string[],
  emit: Emit,
  b: Bounds,
): Promise<void> {
  const result = await engineCall(
    `docker exec ${container} ${cmd.join(" ")}`,
    EXEC_MS,
    async (signal) => {
      const exec = await docker
        .getContainer(container)
        .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
      const stream = await exec.start({ hijack: true, stdin: false });
      const chunks: Buffer[] = [];
      await new Promise<void>((resolve, reject) => {
        const stop = () => {
          stream.destroy();
          reject(new Error("cancelled"));
        };
        signal.addEventListener("abort", stop, { once: true });
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", resolve);
        stream.on("close", resolve);
        stream.on("error", reject);
      });
      // The stream can end a moment before the engine records the exit code.
      let info = await exec.inspect();
      for (let i = 0; info.Running && i < 100 && !signal.aborted; i++) {
        await new Promise((r) => setTimeout(r, 50));
        info = await exec.inspect();
      }
      return {
        exitCode: info.Running ? null : (info.ExitCode ?? null),
        ...demuxFrames(Buffer.concat(chunks)),
      };
    },
    b.signal,
  );
  for (const line of `${result.stdout}${result.stderr}`.split("\n")) if (line.trim()) emit(line);
  if (result.exitCode !== 0)
    throw new Error(`${cmd.join(" ")} in ${container} exited ${result.exitCode ?? "(still running)"}`);
}

/** The backup just made is on disk: the folder's newest file was written after `sinceMs`. */
export async function checkNewBackup(dir: string, sinceMs: number, emit: Emit): Promise<void> {
  const newest = await newestFile(dir).catch((err: Error) => {
    throw new Error(`cannot read ${dir}: ${err.message}`);
  });
  if (!newest) throw new Error(`no backup in ${dir}`);
  const at = new Date(newest.mtimeMs).toISOString();
  emit(`${newest.name} ${newest.size} bytes, written ${at}`);
  if (newest.mtimeMs < sinceMs)
    throw new Error(`the newest backup in ${dir} (${newest.name}, ${at}) is older than this run`);
}
