import type Docker from "dockerode";
import { demuxFrames } from "@/lib/rollback/container-logs";

export type ExecResult = { exitCode: number; stdout: string; stderr: string };

/** `docker exec <name> <cmd…>`: waits for the command and returns its exit code and output. */
export async function execIn(
  docker: Docker,
  name: string,
  cmd: readonly string[],
  opts: { user?: string } = {},
): Promise<ExecResult> {
  const exec = await docker.getContainer(name).exec({
    Cmd: [...cmd],
    AttachStdout: true,
    AttachStderr: true,
    ...(opts.user ? { User: opts.user } : {}),
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", reject);
  });
  // The stream can end a moment before the engine records the exit code.
  const deadline = Date.now() + 5000;
  let info = await exec.inspect();
  while (info.Running && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    info = await exec.inspect();
  }
  return { exitCode: info.Running ? -1 : (info.ExitCode ?? -1), ...demuxFrames(Buffer.concat(chunks)) };
}
