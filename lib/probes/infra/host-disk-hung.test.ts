import { afterEach, describe, expect, it, vi } from "vitest";
import { runInfraProbe } from "@/test/support/run-infra-probe";

const statfs = vi.hoisted(() => vi.fn());
vi.mock("node:fs/promises", async (original) => ({
  ...(await original<typeof import("node:fs/promises")>()),
  statfs,
}));

afterEach(() => statfs.mockReset());

describe("host probe: disk on a hung mount", () => {
  it("asks statfs once per path while it hangs, and says how long it has been waiting", async () => {
    let answer: (v: unknown) => void = () => {};
    statfs.mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    let clock = 0;
    const read = () =>
      runInfraProbe(
        { kind: "host", measure: "disk", path: "/mnt/hung" },
        { timeoutMs: 50, now: () => clock },
      );
    const first = await read();
    clock = 10_000;
    const second = await read();
    expect(statfs).toHaveBeenCalledTimes(1);
    expect([first.level, second.level]).toEqual(["unknown", "unknown"]);
    expect(first.summary).toMatch(/did not return within 50 ms/);
    expect(second.summary).toMatch(
      /has not returned for 10 s \(hung mount\?\); not asking again until it does/,
    );
    // Once the kernel answers, the next reading asks again.
    answer({ blocks: 100, bfree: 50, bavail: 50, bsize: 4096 });
    await new Promise((r) => setImmediate(r));
    statfs.mockResolvedValue({ blocks: 100, bfree: 50, bavail: 50, bsize: 4096 });
    const third = await read();
    expect(statfs).toHaveBeenCalledTimes(2);
    expect(third.level).not.toBe("unknown");
  });
});
