import type { DelayRecord } from "@/lib/model/launch";

/** T-0 after every recorded delay. */
export function effectiveT0Ms(runbookT0Ms: number, delays: readonly Pick<DelayRecord, "minutes">[]): number {
  return runbookT0Ms + delays.reduce((sum, d) => sum + d.minutes, 0) * 60_000;
}
