import { describe, expect, it } from "vitest";
import { parseRedisMemory } from "./redis-fill";

describe("parseRedisMemory", () => {
  it.each([
    [
      "a normal INFO memory",
      "# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\nmaxmemory:67108864\r\n",
      1048576,
      67108864,
      1.5625,
    ],
    ["no maxmemory (0) guards the division", "used_memory:500\r\nmaxmemory:0\r\n", 500, 0, 0],
  ])("%s", (_name, info, used, max, percent) => {
    expect(parseRedisMemory(info)).toEqual({ used, max, percent });
  });
});
