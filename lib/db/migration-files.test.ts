import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checksumOf, scriptMatchesChecksum } from "@/lib/db/migration-files";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const unpadded = (s: string) =>
  [...createHash("sha256").update(s).digest()].map((b) => b.toString(16)).join("");

describe("checksums, as Prisma computes and compares them", () => {
  it("is the zero-padded sha256 hex of the bytes", () => {
    expect(checksumOf("hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(checksumOf(Buffer.from("abcd"))).toHaveLength(64);
  });

  it.each([
    ["identical", "ab\ncd\n", sha("ab\ncd\n"), true],
    ["CRLF file, LF checksum", "ab\r\ncd\r\n", sha("ab\ncd\n"), true],
    ["LF file, CRLF checksum", "ab\ncd\n", sha("ab\r\ncd\r\n"), true],
    ["old unpadded checksum", "select 1;\n", unpadded("select 1;\n"), true],
    ["edited", "abc", sha("abcd"), false],
    ["trailing newline added", "abc\n", sha("abc"), false],
  ])("%s", (_label, script, checksum, expected) => {
    expect(scriptMatchesChecksum(script, checksum)).toBe(expected);
  });
});
