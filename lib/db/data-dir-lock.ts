import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { retryNow } from "@/lib/runtime/retry";

// PGlite has no cross-process locking: two processes on one data directory silently lose
// writes. A lock file next to the directory (`<dataDir>.lock`) admits one process at a time.

export type LockHolder = { pid: number; startedAt: number; host: string; token: string };

export type DataDirLock = { lockPath: string; holder: LockHolder; release: () => void };

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    readonly holder: LockHolder | null,
  ) {
    const who = holder
      ? `process ${holder.pid} on ${holder.host} (started ${new Date(holder.startedAt).toISOString()})`
      : "another process (lock file unreadable)";
    super(
      `the embedded database ${dataDir} is already open in ${who}. ` +
        `Stop that process first, or give this one its own WARROOM_DATA_DIR or a DATABASE_URL (lock file: ${lockPath}).`,
    );
    this.name = "DataDirLockedError";
  }
}

const PROCESS_STARTED_AT = Math.round(performance.timeOrigin);
/** Grace for a lock file that exists but is still empty: its creator is writing it right now. */
const FRESH_LOCK_MS = 5_000;

export function lockPathFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const lockPath = lockPathFor(dataDir);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    startedAt: PROCESS_STARTED_AT,
    host: os.hostname(),
    token: randomUUID(),
  };
  // Another process may create, release or replace the lock between our steps: look again at once.
  const lock = retryNow<DataDirLock>(5, () => {
    if (tryCreate(lockPath, holder)) {
      return { lockPath, holder, release: () => releaseLock(lockPath, holder) };
    }
    const current = readLock(lockPath);
    if (current === "missing") return undefined;
    if (!isStale(lockPath, current)) throw new DataDirLockedError(path.resolve(dataDir), lockPath, current);
    removeStale(lockPath, current);
    return undefined;
  });
  if (!lock) throw new DataDirLockedError(path.resolve(dataDir), lockPath, null);
  return lock;
}

function tryCreate(lockPath: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, "wx"); // O_CREAT | O_EXCL
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    fs.writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function readLock(lockPath: string): LockHolder | null | "missing" {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === "number" && typeof parsed.startedAt === "number") {
      return {
        pid: parsed.pid,
        startedAt: parsed.startedAt,
        host: String(parsed.host),
        token: String(parsed.token),
      };
    }
  } catch {
    // fall through: unreadable content
  }
  return null;
}

function isStale(lockPath: string, holder: LockHolder | null): boolean {
  if (holder === null) {
    const stat = fs.statSync(lockPath, { throwIfNoEntry: false });
    return stat !== undefined && Date.now() - stat.mtimeMs > FRESH_LOCK_MS;
  }
  if (holder.host !== os.hostname()) return false; // cannot see that host's processes
  if (holder.pid === process.pid) return holder.startedAt !== PROCESS_STARTED_AT; // our previous life (pid reuse in a container)
  if (!isAlive(holder.pid)) return true;
  const started = processStartTime(holder.pid);
  return started !== null && Math.abs(started - holder.startedAt) > FRESH_LOCK_MS; // pid reused by another program
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Linux only: start time of `pid` in epoch ms from /proc, or null when unavailable. */
function processStartTime(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]); // field 22 overall: starttime, in clock ticks after boot
    const btime = Number(/^btime (\d+)$/m.exec(fs.readFileSync("/proc/stat", "utf8"))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(btime)) return null;
    return btime * 1000 + (ticks / 100) * 1000; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** Moves the stale file aside atomically so that two takers cannot both delete a fresh lock. */
function removeStale(lockPath: string, seen: LockHolder | null): void {
  const aside = `${lockPath}.stale-${process.pid}-${randomUUID()}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readLock(aside);
  const sameAsSeen = JSON.stringify(moved) === JSON.stringify(seen);
  if (!sameAsSeen) {
    // Someone replaced the stale lock with a live one in between: put it back.
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // a third process holds it now; it is theirs either way
    }
  }
  fs.rmSync(aside, { force: true });
}

function releaseLock(lockPath: string, holder: LockHolder): void {
  const current = readLock(lockPath);
  if (current !== "missing" && current?.token === holder.token) fs.rmSync(lockPath, { force: true });
}
