import { afterEach, describe, expect, it } from "vitest";
import { createLogState, requestIdFrom } from "@/lib/runtime/log";

const saved = process.env.LOG_LEVEL;
afterEach(() => {
  if (saved === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = saved;
});

function capture(level: string | undefined) {
  if (level === undefined) delete process.env.LOG_LEVEL;
  else process.env.LOG_LEVEL = level;
  const chunks: string[] = [];
  const state = createLogState({ write: (c: string) => void chunks.push(c) });
  const lines = () =>
    chunks
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ...state, lines };
}

describe("JSON log", () => {
  it.each([
    [undefined, ["info", "warn"]],
    ["warn", ["warn"]],
    ["DEBUG", ["debug", "info", "warn"]],
    ["silent", []],
  ])("LOG_LEVEL=%s writes %j", (level, want) => {
    const { logger, lines } = capture(level);
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    expect(lines().map((l) => l.level)).toEqual(want);
  });

  it("an unknown LOG_LEVEL says so once and logs at info", () => {
    const { logger, lines } = capture("loud");
    logger.debug("d");
    logger.info("i");
    expect(lines().map((l) => [l.level, l.msg])).toEqual([
      ["warn", 'LOG_LEVEL: "loud" is not one of fatal, error, warn, info, debug, trace, silent; using info'],
      ["info", "i"],
    ]);
  });

  it("lines carry time, pid and, inside a request, its id", async () => {
    const { logger, requests, lines } = capture("info");
    logger.info("outside");
    await requests.run({ requestId: "r-1" }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      logger.info({ event: "action" }, "inside");
    });
    const [outside, inside] = lines();
    expect(outside).not.toHaveProperty("reqId");
    expect(inside).toMatchObject({ reqId: "r-1", event: "action", msg: "inside", pid: process.pid });
    expect(Date.parse(String(inside?.time))).not.toBeNaN();
  });

  it.each([
    ["abc-123_x.y", "abc-123_x.y"],
    ["a".repeat(64), "a".repeat(64)],
  ])("keeps the caller's request id %s", (given, want) => {
    expect(requestIdFrom(given)).toBe(want);
  });

  it.each([null, "", "a".repeat(65), "has space", 'quote"d', "new\nline"])(
    "replaces request id %j",
    (given) => {
      expect(requestIdFrom(given)).toMatch(/^[0-9a-f]{16}$/);
    },
  );
});
