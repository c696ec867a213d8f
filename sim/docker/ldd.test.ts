import { describe, expect, it } from "vitest";
import { parseLdd } from "./ldd";

const NODE = `	linux-vdso.so.1 (0x00007fc1a1ef8000)
	libdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007fc1a1ee1000)
	libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007fc1a1c00000)
	/lib64/ld-linux-x86-64.so.2 (0x00007fc1a1efa000)
`;

describe("parseLdd", () => {
  it.each([
    [
      "a dynamic binary, loader kept, vdso dropped",
      NODE,
      [
        "/lib/x86_64-linux-gnu/libdl.so.2",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib64/ld-linux-x86-64.so.2",
      ],
    ],
    ["a static binary", "\tstatically linked\n", []],
    ["empty output", "", []],
  ])("%s", (_name, output, expected) => {
    expect(parseLdd(output, "/bin/x")).toEqual(expected);
  });

  it("refuses a library ldd cannot find, naming it", () => {
    expect(() => parseLdd("\tlibfoo.so.1 => not found\n", "/bin/x")).toThrow(/\/bin\/x needs libfoo\.so\.1/);
  });
});
