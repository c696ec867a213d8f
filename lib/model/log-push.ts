import type { Condition, Evidence } from "@/lib/model/probe";
import type { Level } from "@/lib/model/runbook-schema";

/**
 * A reading pushed from the followed log streams (docs/log-push.md). It annotates a polled tile and can
 * only raise it; on its own it never turns a tile green.
 */
export type LiveReading = {
  checkId: string;
  /** Its own level: unknown while a stream is down, or when there is too little in the window to judge. */
  level: Level;
  value: number | null;
  unit: string;
  /** One line: what the logs say now, or why they cannot be read. */
  summary: string;
  condition: Condition | null;
  evidence: Evidence;
  /** When the window was read. */
  at: string;
  /** Engine time of the earliest failing line still counted (the first failing request of a burst). */
  firstFailureAt: string | null;
  /** Set while a followed stream is not connected: since when and why. */
  down: { sinceMs: number; reason: string } | null;
};

/** What a tile carries of its live reading: the reading, and whether it raised the polled level. */
export type LiveView = LiveReading & { raised: boolean; polledLevel: Level };
