import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCAN_BOUNDS, scanLargest } from "@/lib/probes/infra/largest-dirs";

const KIB = 1024;
let base: string;
let root: string;

/** Non-zero bytes: the blocks are allocated on every file system (no sparse file, no compression tricks). */
const fill = (path: string, bytes: number) => writeFileSync(path, Buffer.alloc(bytes, 0x5a));

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "warroom-largest-"));
  root = join(base, "watched");
  mkdirSync(join(root, "scraper/old"), { recursive: true });
  mkdirSync(join(root, "logs"), { recursive: true });
  fill(join(root, "scraper/old/a.jsonl"), 600 * KIB);
  fill(join(root, "scraper/b.json"), 100 * KIB);
  fill(join(root, "logs/api.log"), 200 * KIB);
  fill(join(root, "pressure.bin"), 400 * KIB);
  // The same file under a second name takes its space once.
  linkSync(join(root, "logs/api.log"), join(root, "logs/api.log.1"));
  // Outside the watched path: a link to it must not be followed, nor a link back to the root (a loop).
  mkdirSync(join(base, "elsewhere"));
  fill(join(base, "elsewhere/huge.bin"), 2048 * KIB);
  symlinkSync(join(base, "elsewhere"), join(root, "out"));
  symlinkSync(root, join(root, "logs/loop"));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const byPath = (scan: Awaited<ReturnType<typeof scanLargest>>) =>
  new Map(scan.entries.map((e) => [e.path, e]));

describe("scanLargest", () => {
  it("lists the largest entries down to the depth, largest first, sizes as du counts them", async () => {
    const scan = await scanLargest(root);
    expect(scan.incomplete).toBeNull();
    const entries = byPath(scan);
    expect(scan.entries[0]?.path).toBe("scraper");
    expect(entries.get("scraper")?.bytes).toBeGreaterThanOrEqual(700 * KIB);
    expect(entries.get("scraper/old")?.kind).toBe("dir");
    expect(entries.get("pressure.bin")).toMatchObject({ kind: "file", depth: 1 });
    expect(entries.get("pressure.bin")?.bytes).toBeGreaterThanOrEqual(400 * KIB);
    // depth 2 at most: the file inside scraper/old is not listed on its own
    expect(entries.has("scraper/old/a.jsonl")).toBe(false);
    const sizes = scan.entries.map((e) => e.bytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it("never follows a symbolic link out of the path or round a loop, and counts a hard link once", async () => {
    const scan = await scanLargest(root);
    expect(scan.skipped.symlinks).toBe(2);
    // 2 MiB lives outside: had the link been followed the total would exceed it
    expect(scan.totalBytes).toBeLessThan(2048 * KIB);
    const logs = byPath(scan).get("logs")?.bytes ?? 0;
    expect(logs).toBeGreaterThanOrEqual(200 * KIB);
    expect(logs).toBeLessThan(400 * KIB);
    expect([...byPath(scan).keys()].some((p) => p.startsWith("out/") || p.includes("loop/"))).toBe(false);
  });

  it.each([
    { bound: "entries", bounds: { maxEntries: 3 }, says: "stopped after 3 entries" },
    { bound: "time", bounds: { budgetMs: 5 }, says: "stopped after 5 ms" },
  ])("stops at its $bound bound and says the sizes are lower bounds", async ({ bounds, says }) => {
    let t = 0;
    // Each look at the clock moves it 1 ms: the budget runs out after a few entries, whatever the machine.
    const clock = () => t++;
    const scan = await scanLargest(root, { ...DEFAULT_SCAN_BOUNDS, ...bounds }, clock);
    expect(scan.incomplete).toBe(`${says}: sizes are at least these`);
    expect(scan.scannedEntries).toBeLessThan(10);
  });

  it("lists only the children at depth 1, at most `top` of them", async () => {
    const scan = await scanLargest(root, { ...DEFAULT_SCAN_BOUNDS, depth: 1, top: 2 });
    expect(scan.entries.map((e) => e.path)).toEqual(["scraper", "pressure.bin"]);
  });

  it("refuses a path that is not a directory", async () => {
    await expect(scanLargest(join(root, "pressure.bin"))).rejects.toThrow(/is not a directory/);
  });
});
