import type { Level } from "@/lib/model/runbook-schema";

/** What uses the disk a disk check watches: its largest entries and the Docker engine's own figures. */

/** One entry of the watched path: a file or a directory (its size counts everything under it). */
export type DiskEntry = { path: string; kind: "dir" | "file"; bytes: number; depth: number };

/** Bounds of one walk: a disk view never runs long, never reads without end, never leaves the path. */
export type DiskScanBounds = {
  /** Entries are listed down to this depth below the watched path (1 = its children, like `du -s path/*`). */
  depth: number;
  /** The walk stops after this many file-system entries… */
  maxEntries: number;
  /** …or after this long; sizes are then lower bounds and the view says so. */
  budgetMs: number;
  /** How many entries the view lists, largest first. */
  top: number;
};

export type DiskScan = {
  root: string;
  /** Largest first, at most `bounds.top`. */
  entries: DiskEntry[];
  /** Bytes of everything the walk reached (allocated blocks, as `du` counts them). */
  totalBytes: number;
  scannedEntries: number;
  tookMs: number;
  /** Why the sizes are lower bounds (a bound was hit), or null when the walk was complete. */
  incomplete: string | null;
  /** Symbolic links are never followed; mount points of other file systems are not entered (`du -x`). */
  skipped: { symlinks: number; otherFileSystems: number; unreadable: number };
  bounds: DiskScanBounds;
};

export const DOCKER_DF_TYPES = ["Images", "Containers", "Local Volumes", "Build Cache"] as const;

/** One line of `docker system df`. */
export type DockerDfRow = {
  type: (typeof DOCKER_DF_TYPES)[number];
  total: number;
  active: number;
  sizeBytes: number;
  reclaimableBytes: number;
};

export type DockerDf = { socket: string; rows: DockerDfRow[]; tookMs: number };

/** The view of one disk check, as the board and GET /api/disk serve it. */
export type DiskView = {
  checkId: string;
  label: string;
  path: string;
  /** The check's level when the view was taken. */
  level: Level;
  takenAt: string;
  scan: DiskScan | { error: string };
  /** null: the runbook names no Docker engine. */
  docker: DockerDf | { error: string } | null;
};

/** On the board while a disk check is warn or crit: its view, or that one is being taken. */
export type DiskViewSlot = { checkId: string; label: string; view: DiskView | null; pending: boolean };
