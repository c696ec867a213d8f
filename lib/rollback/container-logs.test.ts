import { describe, expect, it } from "vitest";
import { demuxFrames } from "@/lib/rollback/container-logs";

const frame = (type: number, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe("demuxFrames", () => {
  it.each([
    [
      "stdout and stderr frames",
      Buffer.concat([frame(1, "a\n"), frame(2, "e\n"), frame(1, "b\n")]),
      "a\nb\n",
      "e\n",
    ],
    ["no frames", Buffer.alloc(0), "", ""],
    ["plain text (a TTY stream)", Buffer.from("hello world\n"), "hello world\n", ""],
    [
      "a truncated last frame is dropped",
      Buffer.concat([frame(1, "a\n"), frame(1, "bc").subarray(0, 9)]),
      "a\n",
      "",
    ],
  ])("%s", (_name, input, stdout, stderr) => {
    expect(demuxFrames(input)).toEqual({ stdout, stderr });
  });
});
