import type Docker from "dockerode";

/**
 * Splits a non-TTY log or exec stream (8-byte frame headers: stream type, 3 zero bytes, big-endian
 * length) into stdout and stderr text. A buffer without valid headers is taken as plain stdout.
 */
export function demuxFrames(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const type = buffer[offset];
    const length = buffer.readUInt32BE(offset + 4);
    const isHeader = (type === 0 || type === 1 || type === 2) && buffer.readUIntBE(offset + 1, 3) === 0;
    if (!isHeader || offset + 8 + length > buffer.length) break;
    const payload = buffer.subarray(offset + 8, offset + 8 + length);
    (type === 2 ? err : out).push(payload);
    offset += 8 + length;
  }
  if (offset === 0 && buffer.length > 0) return { stdout: buffer.toString("utf8"), stderr: "" };
  return { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

/** The container's recent stdout and stderr lines (stderr after stdout), like `docker logs --tail`. */
export async function containerLogs(
  docker: Docker,
  name: string,
  opts: { tail?: number; sinceSeconds?: number } = {},
): Promise<string> {
  const raw: unknown = await docker.getContainer(name).logs({
    stdout: true,
    stderr: true,
    follow: false,
    tail: opts.tail ?? 50,
    ...(opts.sinceSeconds !== undefined ? { since: opts.sinceSeconds } : {}),
  });
  const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
  const { stdout, stderr } = demuxFrames(buffer);
  return [stdout, stderr].filter((s) => s !== "").join("");
}
