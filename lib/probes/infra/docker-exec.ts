import "server-only";
import { type Duplex, Writable } from "node:stream";
import type Docker from "dockerode";

export type ExecOutput = { exitCode: number | null; stdout: string; stderr: string; truncated: boolean };

const MAX_OUTPUT_BYTES = 256 * 1024;

/**
 * Run a command in a running container without a TTY: the output arrives multiplexed and is split with
 * the modem's demuxStream; the exit code comes from exec.inspect(). Aborting the signal destroys the stream.
 */
export async function execInContainer(
  container: Docker.Container,
  cmd: string[],
  signal: AbortSignal,
): Promise<ExecOutput> {
  const exec = await container.exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    abortSignal: signal,
  });
  const stream = (await exec.start({ hijack: true, stdin: false, abortSignal: signal })) as Duplex;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let bytes = 0;
  let truncated = false;
  // A Writable whose write() runs synchronously: everything demuxed is collected by the time "end" fires.
  const collect = (into: Buffer[]) =>
    new Writable({
      write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
        bytes += chunk.length;
        if (bytes > MAX_OUTPUT_BYTES) {
          truncated = true;
          stream.destroy();
        } else into.push(chunk);
        done();
      },
    });
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      stream.destroy();
      reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    };
    container.modem.demuxStream(stream, collect(out), collect(err));
    stream.once("end", done);
    stream.once("close", done);
    stream.once("error", (e: Error) => {
      signal.removeEventListener("abort", onAbort);
      if (truncated) resolve();
      else reject(e);
    });
  });
  const info = await exec.inspect({ abortSignal: signal });
  return {
    exitCode: typeof info.ExitCode === "number" ? info.ExitCode : null,
    stdout: Buffer.concat(out).toString("utf8"),
    stderr: Buffer.concat(err).toString("utf8"),
    truncated,
  };
}
