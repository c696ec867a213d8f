import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { liveRuns, ownerGoneReason, STALE_HEARTBEAT_MS } from "@/lib/rollback/recover";
import { thisInstance } from "@/lib/runtime/instance";
import { resetProcessState } from "@/lib/runtime/process-state";

const now = new Date("2026-12-05T02:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const deadPid = Number(spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" }).stdout.trim());
const self = thisInstance();
const run = (over: Partial<Parameters<typeof ownerGoneReason>[0]>) => ({
  id: "run-1",
  ownerPid: deadPid,
  ownerInstance: `replica-b:${deadPid}:5e6f7a8b`,
  ownerScope: self.scope,
  heartbeatAt: ago(2_000),
  ...over,
});

afterEach(() => resetProcessState("rollback.live-runs"));

describe("is the run's owner gone?", () => {
  it("this instance's scope: a dead pid is gone at once, whatever the heartbeat", () => {
    expect(ownerGoneReason(run({}), now, self)).toMatch(new RegExp(`owner process ${deadPid} is gone`));
  });

  it("another host or container: its pid means nothing here — a fresh heartbeat keeps the run alive", () => {
    const elsewhere = run({ ownerScope: "other-boot/pid:[4026531836]" });
    expect(ownerGoneReason(elsewhere, now, self)).toBeNull();
    expect(ownerGoneReason({ ...elsewhere, heartbeatAt: ago(STALE_HEARTBEAT_MS + 1000) }, now, self)).toMatch(
      /owner replica-b:\d+:5e6f7a8b stopped beating \(last heartbeat .*, 16 s ago\)/,
    );
  });

  it("a restarted process that got the same pid (a container) is another instance: the old run is gone", () => {
    expect(
      ownerGoneReason(run({ ownerPid: self.pid, ownerInstance: `old:${self.pid}:0` }), now, self),
    ).toMatch(/is this restarted process/);
  });

  it("a live pid in this scope that stopped beating is gone; the runs this process executes never are", () => {
    const alive = run({ ownerPid: process.ppid, heartbeatAt: ago(60_000) });
    expect(ownerGoneReason(alive, now, self)).toMatch(/stopped beating/);
    expect(ownerGoneReason({ ...alive, heartbeatAt: ago(1000) }, now, self)).toBeNull();
    liveRuns().add("run-1");
    expect(ownerGoneReason(run({ ownerInstance: self.id, heartbeatAt: null }), now, self)).toBeNull();
  });
});
