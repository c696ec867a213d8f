import { afterEach, describe, expect, it, vi } from "vitest";
import { startWarroom } from "@/lib/collector/start-warroom";
import { getHub } from "@/lib/hub/hub";
import { captureLog } from "@/test/support/capture-log";

const KEYS = ["WARROOM_USERS", "WARROOM_TOKENS", "WARROOM_TRUSTED_PROXIES"] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));

afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  const hub = getHub();
  hub.collector?.stop();
  hub.eventPush?.stop();
  hub.started = false;
  hub.loaded = null;
  vi.restoreAllMocks();
});

describe("start-up refuses bad credential and proxy variables", () => {
  it.each([
    [
      "WARROOM_USERS",
      "rex:first-half-long,sEcReT-second-half",
      /WARROOM_USERS: entry 2 must be <person>:<secret>/,
    ],
    ["WARROOM_TOKENS", "rex:sEcReT", /WARROOM_TOKENS: entry 1: the token of "rex" must be at least 24/],
    [
      "WARROOM_TRUSTED_PROXIES",
      "10.0.0.1,sEcReT.proxy",
      /WARROOM_TRUSTED_PROXIES: entry 2 is not an IP address/,
    ],
  ])("%s: exits naming the variable and the entry, never the value", async (name, value, message) => {
    process.env[name] = value;
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    const log = captureLog();
    await expect(startWarroom()).rejects.toThrow("exit 1").finally(log.restore);
    const errors = log.lines().map((l) => `${l.level} ${l.msg}`);
    expect(errors.join("\n")).toMatch(/^fatal refusing to start: /);
    expect(exit).toHaveBeenCalledWith(1);
    expect(errors.join("\n")).toMatch(message);
    expect(errors.join("\n")).not.toContain("sEcReT");
    expect(getHub().collector).toBeFalsy();
  });
});
