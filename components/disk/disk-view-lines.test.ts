import { describe, expect, it } from "vitest";
import { entryRows, formatBytes, scanCaveats } from "@/components/disk/disk-view-lines";
import type { DiskView } from "@/lib/model/disk-view";
import { DEFAULT_SCAN_BOUNDS } from "@/lib/probes/infra/largest-dirs";

const view = (scan: DiskView["scan"]): DiskView => ({
  checkId: "host-disk",
  label: "Disk",
  path: "/srv/disk/",
  level: "crit",
  takenAt: "2026-12-05T05:00:00Z",
  scan,
  docker: null,
});
const MIB = 1024 * 1024;

describe("disk view lines", () => {
  it("rows: full path (a directory ends in /), size, share of what was walked", () => {
    const rows = entryRows(
      view({
        root: "/srv/disk/",
        entries: [
          { path: "pressure.bin", kind: "file", bytes: 45 * MIB, depth: 1 },
          { path: "scraper", kind: "dir", bytes: 15 * MIB, depth: 1 },
        ],
        totalBytes: 60 * MIB,
        scannedEntries: 3,
        tookMs: 2,
        incomplete: null,
        skipped: { symlinks: 0, otherFileSystems: 0, unreadable: 0 },
        bounds: DEFAULT_SCAN_BOUNDS,
      }),
    );
    expect(rows).toEqual([
      { path: "/srv/disk/pressure.bin", size: "45.0 MiB", share: 75, isDir: false },
      { path: "/srv/disk/scraper/", size: "15.0 MiB", share: 25, isDir: true },
    ]);
  });

  it("caveats: the bounds hit and what was not followed; an error is said as it is", () => {
    const text = scanCaveats(
      view({
        root: "/",
        entries: [],
        totalBytes: 0,
        scannedEntries: 50000,
        tookMs: 3001,
        incomplete: "stopped after 50000 entries: sizes are at least these",
        skipped: { symlinks: 4, otherFileSystems: 2, unreadable: 1 },
        bounds: DEFAULT_SCAN_BOUNDS,
      }),
    );
    expect(text).toBe(
      "50000 entries in 3001 ms, depth 2 · stopped after 50000 entries: sizes are at least these · 4 symbolic link(s) not followed · 2 other file system(s) not entered · 1 unreadable",
    );
    expect(scanCaveats(view({ error: "cannot walk /x: ENOENT" }))).toBe("cannot walk /x: ENOENT");
    expect(entryRows(view({ error: "x" }))).toEqual([]);
  });

  it("formats bytes as the board does", () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(250 * MIB)]).toEqual([
      "512 B",
      "1.5 KiB",
      "250 MiB",
    ]);
  });
});
