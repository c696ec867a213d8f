import { spawn } from "node:child_process";
import type Docker from "dockerode";

type Progress = { status?: string; error?: string; errorDetail?: { message?: string } };

/**
 * `tar -C dir -c . | docker import --change … - repo:tag` through the Engine API. All files are owned by
 * root in the image; non-root services write only into sticky world-writable directories.
 */
export async function importRootfs(
  docker: Docker,
  dir: string,
  ref: { repo: string; tag: string },
  changes: readonly string[],
): Promise<string> {
  const tar = spawn("tar", ["-C", dir, "--numeric-owner", "--owner=0", "--group=0", "-c", "."], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tarError = "";
  tar.stderr.on("data", (chunk: Buffer) => {
    tarError += chunk.toString();
  });
  const tarDone = new Promise<number>((resolve) => tar.on("close", (code) => resolve(code ?? 1)));
  const stream = await docker.importImage(tar.stdout, {
    repo: ref.repo,
    tag: ref.tag,
    changes: [...changes],
  } as Record<string, unknown>);
  const progress = await new Promise<Progress[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, out: Progress[]) =>
      err ? reject(err) : resolve(out),
    );
  });
  const tarCode = await tarDone;
  if (tarCode !== 0) throw new Error(`tar of ${dir} failed (${tarCode}): ${tarError.trim()}`);
  const failed = progress.find((p) => p.error);
  if (failed) throw new Error(`docker import ${ref.repo}:${ref.tag} failed: ${failed.error}`);
  const id = progress.map((p) => p.status ?? "").find((s) => s.startsWith("sha256:"));
  if (!id) throw new Error(`docker import ${ref.repo}:${ref.tag} returned no image id`);
  return id;
}
