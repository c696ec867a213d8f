import "server-only";
import { z } from "zod";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { readDiskViews } from "@/lib/collector/disk-views";

export const diskViewQuery = z.object({});

/**
 * GET /api/disk: what uses the space of every disk check, at any level (the board shows it at warn or
 * crit). Reads only: the walk is bounded, shared by concurrent requests and never stored.
 */
export async function getDiskViews(ctx: LaunchContext) {
  return { views: await readDiskViews(ctx.runbook, ctx.board()?.checks ?? []) };
}
