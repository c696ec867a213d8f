import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError, lockPathFor } from "@/lib/db/data-dir-lock";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "warroom-lock-"));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let seq = 0;
const dataDir = () => path.join(root, `case-${++seq}`, "sub", "pglite");
const writeLock = (dir: string, holder: object) => fs.writeFileSync(lockPathFor(dir), JSON.stringify(holder));

function liveChild(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("spawn", () => resolve(child as ChildProcess & { pid: number }));
    child.once("error", reject);
  });
}

describe("acquireDataDirLock", () => {
  it("creates parent directories and a lock naming this process; release removes it", () => {
    const dir = dataDir();
    const lock = acquireDataDirLock(dir);
    expect(lock.lockPath).toBe(`${dir}.lock`);
    const content = JSON.parse(fs.readFileSync(lock.lockPath, "utf8"));
    expect(content).toMatchObject({ pid: process.pid, host: os.hostname() });
    expect(content.startedAt).toBeLessThanOrEqual(Date.now());
    lock.release();
    expect(fs.existsSync(lock.lockPath)).toBe(false);
  });

  it("refuses while another live process holds it, with the directory and pid in the message", async () => {
    const dir = dataDir();
    const child = await liveChild();
    acquireDataDirLock(dir).release(); // creates the parent
    writeLock(dir, { pid: child.pid, startedAt: Date.now(), host: os.hostname(), token: "t" });
    let error: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(`process ${child.pid}`);
    expect((error as DataDirLockedError).holder?.pid).toBe(child.pid);
    // the holder's lock is untouched
    expect(JSON.parse(fs.readFileSync(lockPathFor(dir), "utf8")).pid).toBe(child.pid);
  });

  it("refuses this same process twice (one PGlite per directory per process)", () => {
    const dir = dataDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
  });

  it.each([
    ["a dead process", (pid: number) => ({ pid, startedAt: Date.now() - 1000 })],
    ["this pid in an earlier life (container restart)", () => ({ pid: process.pid, startedAt: 1 })],
  ])("takes over a stale lock left by %s", async (_label, holder) => {
    const dir = dataDir();
    const child = await liveChild();
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    acquireDataDirLock(dir).release();
    writeLock(dir, { ...holder(child.pid), host: os.hostname(), token: "old" });
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lock.lockPath, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(fs.readdirSync(path.dirname(dir))).toEqual([]); // no stale leftovers
  });

  it("takes over when the pid is alive but belongs to a process started at another time (pid reuse)", async () => {
    const dir = dataDir();
    const child = await liveChild();
    acquireDataDirLock(dir).release();
    writeLock(dir, { pid: child.pid, startedAt: Date.now() - 3_600_000, host: os.hostname(), token: "old" });
    acquireDataDirLock(dir).release();
  });

  it("respects an unreadable lock while it is fresh, and takes it over once old", () => {
    const dir = dataDir();
    acquireDataDirLock(dir).release();
    fs.writeFileSync(lockPathFor(dir), "");
    expect(() => acquireDataDirLock(dir)).toThrow(/lock file unreadable/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPathFor(dir), old, old);
    acquireDataDirLock(dir).release();
  });

  it("does not judge a lock written on another host", () => {
    const dir = dataDir();
    acquireDataDirLock(dir).release();
    writeLock(dir, { pid: 999_999_999, startedAt: 1, host: "some-other-host", token: "t" });
    expect(() => acquireDataDirLock(dir)).toThrow(/some-other-host/);
  });
});
