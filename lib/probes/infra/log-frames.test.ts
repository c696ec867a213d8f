import { describe, expect, it } from "vitest";
import { DEFAULT_LOG_PATTERNS } from "@/lib/model/infra-checks";
import {
  createLogDemuxer,
  matchLogLines,
  parseLogFrames,
  parseRawLog,
  splitTimestamp,
} from "@/lib/probes/infra/log-frames";
import { errorBurst } from "@/sim/docker/api/error-log";

function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe("parseLogFrames", () => {
  const cases: { name: string; buf: Buffer; want: { stream: string; text: string }[] }[] = [
    { name: "empty buffer", buf: Buffer.alloc(0), want: [] },
    { name: "one stdout line", buf: frame(1, "hello\n"), want: [{ stream: "stdout", text: "hello" }] },
    {
      name: "stdout and stderr interleaved",
      buf: Buffer.concat([frame(1, "a\n"), frame(2, "boom\n"), frame(1, "b\n")]),
      want: [
        { stream: "stdout", text: "a" },
        { stream: "stderr", text: "boom" },
        { stream: "stdout", text: "b" },
      ],
    },
    {
      name: "several lines in one frame",
      buf: frame(1, "one\ntwo\nthree\n"),
      want: ["one", "two", "three"].map((text) => ({ stream: "stdout", text })),
    },
    {
      name: "a line split across two frames",
      buf: Buffer.concat([frame(2, "FATAL: disk "), frame(2, "full\n")]),
      want: [{ stream: "stderr", text: "FATAL: disk full" }],
    },
    { name: "last line without newline", buf: frame(1, "tail"), want: [{ stream: "stdout", text: "tail" }] },
    {
      name: "truncated last frame keeps what arrived",
      buf: frame(1, "complete\npartial line").subarray(0, 8 + 12),
      want: [
        { stream: "stdout", text: "complete" },
        { stream: "stdout", text: "par" },
      ],
    },
    { name: "header cut short is ignored", buf: frame(1, "x\n").subarray(0, 5), want: [] },
    { name: "utf-8 payload", buf: frame(1, "prix 12 €\n"), want: [{ stream: "stdout", text: "prix 12 €" }] },
  ];
  it.each(cases)("$name", ({ buf, want }) => {
    expect(parseLogFrames(buf)).toEqual(want);
  });
});

describe("parseRawLog (TTY containers)", () => {
  it("splits plain text into lines", () => {
    expect(parseRawLog(Buffer.from("a\r\nb\n\nc"))).toEqual([
      { stream: "stdout", text: "a" },
      { stream: "stdout", text: "b" },
      { stream: "stdout", text: "c" },
    ]);
  });
});

describe("splitTimestamp", () => {
  it.each([
    [
      "2026-04-23T13:00:00.123456789Z GET / 500",
      { time: "2026-04-23T13:00:00.123456789Z", message: "GET / 500" },
    ],
    ["no timestamp here", { time: null, message: "no timestamp here" }],
  ])("%s", (text, want) => expect(splitTimestamp(text)).toEqual(want));
});

describe("matchLogLines with the incident §2.5 patterns", () => {
  const lines = [
    "2026-04-23T13:00:00.1Z connect ECONNREFUSED 127.0.0.1:6432",
    "2026-04-23T13:00:01.1Z GET /v1/search 500 12ms",
    "2026-04-23T13:00:02.1Z GET /v1/search 200 5000ms",
    "2026-04-23T13:00:03.1Z fatal: the database system is shutting down",
    "2026-04-23T13:00:04.1Z Traceback (most recent call last):",
    "2026-04-23T13:00:05.1Z OSError: [Errno 28] No space left on device",
    "2026-04-23T13:00:06.1Z thread panicked at 'oops'",
    "2026-04-23T13:00:07.1Z served 1500 requests",
  ].map((text) => ({ stream: "stdout" as const, text }));

  it("counts each matching line once and keeps the last ones", () => {
    const m = matchLogLines(lines, DEFAULT_LOG_PATTERNS, 2);
    expect(m.count).toBe(6);
    expect(m.byPattern.get("ECONNREFUSED")).toBe(1);
    expect(m.byPattern.get("\\b500\\b")).toBe(1);
    expect(m.byPattern.get("FATAL")).toBe(1);
    expect(m.byPattern.get("panic")).toBe(1);
    expect(m.last.map((l) => l.text)).toEqual([lines[5]?.text, lines[6]?.text]);
  });

  it("does not match 500 inside 1500 or 5000ms, nor the timestamp", () => {
    const m = matchLogLines(
      [lines[2], lines[7]].filter((l) => l !== undefined),
      DEFAULT_LOG_PATTERNS,
    );
    expect(m.count).toBe(0);
  });
});

describe("incident §2.5 words: error, exception, disk quota", () => {
  const at = "2026-04-23T13:00:00.1Z";
  const toLines = (texts: string[]) =>
    texts.map((text) => ({ stream: "stdout" as const, text: `${at} ${text}` }));

  it("counts ERROR lines, exceptions and disk quota", () => {
    const m = matchLogLines(
      toLines([
        "ERROR [api] database: connection timed out",
        "Exception: catalog index missing",
        "write failed: Disk quota exceeded",
      ]),
      DEFAULT_LOG_PATTERNS,
    );
    expect(m.count).toBe(3);
    expect(m.byPattern.get("\\berror\\b")).toBe(1);
    expect(m.byPattern.get("\\bexception\\b")).toBe(1);
    expect(m.byPattern.get("disk quota")).toBe(1);
  });

  it("the simulated API's normal lines and healthy counters stay at 0", () => {
    const m = matchLogLines(
      toLines([
        "BuyWhere API (good build) on http://127.0.0.1:18000 and https://127.0.0.1:18443",
        "  control http://127.0.0.1:18001; dependencies: PostgreSQL via PgBouncer + Redis",
        "GET /v1/search?q=laptop 200 errors=0 error_rate=0.00",
        "received SIGTERM, stopping",
      ]),
      DEFAULT_LOG_PATTERNS,
    );
    expect(m.count).toBe(0);
  });

  it("the simulated error burst is counted once per line, as before", () => {
    const m = matchLogLines(toLines(errorBurst(new Date(at), 1)), DEFAULT_LOG_PATTERNS);
    expect(m.count).toBe(4);
  });
});

describe("createLogDemuxer (a followed stream)", () => {
  const collect = (tty: boolean, max?: number) => {
    const lines: { stream: string; text: string }[] = [];
    return { lines, demux: createLogDemuxer(tty, (l) => lines.push(l), max) };
  };

  it("reads frames and lines that span chunks, byte by byte", () => {
    const { lines, demux } = collect(false);
    const buf = Buffer.concat([frame(1, "first li"), frame(1, "ne\nsecond\n"), frame(2, "err\n")]);
    for (let i = 0; i < buf.length; i++) demux.push(buf.subarray(i, i + 1));
    expect(lines).toEqual([
      { stream: "stdout", text: "first line" },
      { stream: "stdout", text: "second" },
      { stream: "stderr", text: "err" },
    ]);
  });

  it("passes an endless line on in pieces and keeps reading the lines after it", () => {
    const { lines, demux } = collect(false, 100);
    demux.push(frame(1, `<html>${"x".repeat(250)}`));
    demux.push(frame(1, "</html>\nafter\n"));
    expect(lines.map((l) => l.text.length)).toEqual([100, 100, 63, 5]);
    expect(lines.at(-1)?.text).toBe("after");
  });

  it("reads a TTY container's plain text", () => {
    const { lines, demux } = collect(true);
    demux.push(Buffer.from("a\r\nb"));
    demux.push(Buffer.from("c\n"));
    expect(lines.map((l) => l.text)).toEqual(["a", "bc"]);
  });
});
