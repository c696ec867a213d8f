import { execFile } from "node:child_process";
import { mkdir, open, readFile, rm, stat, statfs } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Normal use of the controlled filesystem, so the gauge reads a plausible figure before any fault. */
export const DISK_BASELINE_PERCENT = 30;
export const DISK_PRESSURE_PERCENT = 93;
const BASELINE_FILE = "baseline.bin";
const PRESSURE_FILE = "pressure.bin";

/** Used % as `df` computes it: used / (used + available to unprivileged users). */
export async function diskUsagePercent(path: string): Promise<number> {
  const s = await statfs(path);
  const used = s.blocks - s.bfree;
  const total = used + s.bavail;
  return total === 0 ? 0 : (used / total) * 100;
}

export async function isTmpfsMounted(path: string): Promise<boolean> {
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  // Fields: id parent major:minor root mount-point options … - fstype source options
  return mountinfo.split("\n").some((line) => {
    const [before, after] = line.split(" - ");
    return before?.split(" ")[4] === path && after?.startsWith("tmpfs ");
  });
}

/**
 * A fixed-size tmpfs at `path` (root only), so disk-pressure can fill a filesystem of its own instead of
 * the host's disk. Returns why not when it cannot mount one.
 */
export async function ensureDiskMount(
  path: string,
  sizeBytes: number,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  await mkdir(path, { recursive: true });
  if (await isTmpfsMounted(path)) return { ok: true };
  if (process.getuid?.() !== 0) return { ok: false, reason: "mounting a tmpfs needs root" };
  try {
    await run("mount", ["-t", "tmpfs", "-o", `size=${sizeBytes},mode=0755`, "warroom-disk", path]);
    await fillTo(path, BASELINE_FILE, DISK_BASELINE_PERCENT);
    return { ok: true };
  } catch (err) {
    const detail = err instanceof Error && "stderr" in err ? String(err.stderr).trim() : String(err);
    return { ok: false, reason: `mount -t tmpfs failed: ${detail}` };
  }
}

export async function unmountDisk(path: string): Promise<void> {
  if (await isTmpfsMounted(path)) await run("umount", [path]);
}

/** Grows pressure.bin until the filesystem is `percent` full (only on the stack's own tmpfs). */
export async function applyDiskPressure(path: string, percent = DISK_PRESSURE_PERCENT): Promise<number> {
  if (!(await isTmpfsMounted(path))) {
    throw new Error(
      `${path} is not the stack's tmpfs (run \`npm run sim -- stack up\` as root): refusing to fill it`,
    );
  }
  await fillTo(path, PRESSURE_FILE, percent);
  return diskUsagePercent(path);
}

export async function clearDiskPressure(path: string): Promise<void> {
  await rm(join(path, PRESSURE_FILE), { force: true });
}

export async function hasDiskPressure(path: string): Promise<boolean> {
  return stat(join(path, PRESSURE_FILE)).then(
    (s) => s.size > 0,
    () => false,
  );
}

async function fillTo(dir: string, name: string, percent: number): Promise<void> {
  const s = await statfs(dir);
  const used = (s.blocks - s.bfree) * s.bsize;
  const total = used + s.bavail * s.bsize;
  let missing = Math.ceil((total * percent) / 100) - used;
  if (missing <= 0) return;
  const chunk = Buffer.alloc(1024 * 1024, 0x5a);
  const file = await open(join(dir, name), "a");
  try {
    while (missing > 0) {
      const n = Math.min(chunk.length, missing);
      await file.write(chunk, 0, n);
      missing -= n;
    }
  } finally {
    await file.close();
  }
}
