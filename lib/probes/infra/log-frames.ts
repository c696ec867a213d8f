export type LogLine = { stream: "stdout" | "stderr"; text: string };

const STREAMS: Record<number, LogLine["stream"]> = { 1: "stdout", 2: "stderr" };

/**
 * Docker's multiplexed log format (no TTY): frames of an 8-byte header — stream (1 stdout, 2 stderr),
 * three zero bytes, a big-endian uint32 length — then the payload. A truncated last frame is kept as far
 * as it goes. Payloads are split into lines; a line may span frames.
 */
export function parseLogFrames(buf: Buffer): LogLine[] {
  const pending: Record<LogLine["stream"], string> = { stdout: "", stderr: "" };
  const lines: LogLine[] = [];
  let offset = 0;
  while (offset + 8 <= buf.length) {
    const stream = STREAMS[buf.readUInt8(offset)] ?? "stdout";
    const size = buf.readUInt32BE(offset + 4);
    const end = Math.min(offset + 8 + size, buf.length);
    const parts = (pending[stream] + buf.toString("utf8", offset + 8, end)).split("\n");
    pending[stream] = parts.pop() ?? "";
    for (const text of parts) lines.push({ stream, text });
    offset = end;
  }
  for (const stream of ["stdout", "stderr"] as const) {
    if (pending[stream] !== "") lines.push({ stream, text: pending[stream] });
  }
  return lines;
}

/** A TTY container's logs are plain text. */
export function parseRawLog(buf: Buffer): LogLine[] {
  return buf
    .toString("utf8")
    .split(/\r?\n/)
    .filter((t) => t !== "")
    .map((text) => ({ stream: "stdout", text }));
}

/** "2026-04-23T13:00:00.123456789Z message" (timestamps: true) → its parts. */
export function splitTimestamp(text: string): { time: string | null; message: string } {
  const m = /^(\d{4}-\d{2}-\d{2}T\S+Z) (.*)$/s.exec(text);
  return m?.[1] !== undefined && m[2] !== undefined
    ? { time: m[1], message: m[2] }
    : { time: null, message: text };
}

export type LogMatches = { count: number; byPattern: Map<string, number>; last: LogLine[] };

/** Lines matching any pattern (case-insensitive); each line counts once, under the first pattern it matches. */
export function matchLogLines(lines: LogLine[], patterns: readonly string[], keepLast = 5): LogMatches {
  const compiled = patterns.map((p) => ({ p, re: new RegExp(p, "i") }));
  const byPattern = new Map(patterns.map((p) => [p, 0]));
  const matched: LogLine[] = [];
  for (const line of lines) {
    const { message } = splitTimestamp(line.text);
    const hit = compiled.find(({ re }) => re.test(message));
    if (!hit) continue;
    byPattern.set(hit.p, (byPattern.get(hit.p) ?? 0) + 1);
    matched.push(line);
  }
  return { count: matched.length, byPattern, last: matched.slice(-keepLast) };
}

export type LogDemuxer = { push: (chunk: Buffer) => void };

/**
 * parseLogFrames for a followed stream: a frame's header, its payload and a line may each span chunks.
 * A line longer than `maxLineChars` is passed on in pieces, so one endless line (an HTML page, a binary
 * blob) neither grows without bound nor holds back the lines after it. TTY containers send plain text.
 */
export function createLogDemuxer(
  tty: boolean,
  onLine: (line: LogLine) => void,
  maxLineChars = 16_384,
): LogDemuxer {
  const pending: Record<LogLine["stream"], string> = { stdout: "", stderr: "" };
  let header = Buffer.alloc(0);
  let stream: LogLine["stream"] = "stdout";
  let remaining = 0;

  const text = (s: LogLine["stream"], part: string) => {
    const parts = (pending[s] + part).split(/\r?\n/);
    let rest = parts.pop() ?? "";
    for (const t of parts) onLine({ stream: s, text: t });
    while (rest.length > maxLineChars) {
      onLine({ stream: s, text: rest.slice(0, maxLineChars) });
      rest = rest.slice(maxLineChars);
    }
    pending[s] = rest;
  };

  return {
    push(chunk) {
      if (tty) return text("stdout", chunk.toString("utf8"));
      let offset = 0;
      while (offset < chunk.length) {
        if (remaining === 0) {
          const need = 8 - header.length;
          header = Buffer.concat([header, chunk.subarray(offset, offset + need)]);
          offset += Math.min(need, chunk.length - offset);
          if (header.length < 8) return;
          stream = STREAMS[header.readUInt8(0)] ?? "stdout";
          remaining = header.readUInt32BE(4);
          header = Buffer.alloc(0);
          continue;
        }
        const end = Math.min(offset + remaining, chunk.length);
        text(stream, chunk.toString("utf8", offset, end));
        remaining -= end - offset;
        offset = end;
      }
    },
  };
}
