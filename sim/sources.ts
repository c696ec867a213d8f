/** The US retailers the API ingests (launch day §1.2: Amazon, Walmart, Best Buy, Target). */
const US_SOURCES = [
  { name: "amazon", minutesAgo: 35 },
  { name: "walmart", minutesAgo: 50 },
  { name: "bestbuy", minutesAgo: 65 },
  { name: "target", minutesAgo: 80 },
] as const;

/** How long ago Walmart's last run was while the ingestion-stale fault is on: past launch day's 4 h. */
export const STALE_SOURCE_HOURS = 5;

/** `/api/sources?region=us`: each source's last ingestion run (launch day T+4h). */
export function listSources(now: Date, region: string | null, stale: boolean) {
  if (region !== null && region.toLowerCase() !== "us") return [];
  return US_SOURCES.map((s) => {
    const minutes = stale && s.name === "walmart" ? STALE_SOURCE_HOURS * 60 : s.minutesAgo;
    return { name: s.name, region: "us", last_run: new Date(now.getTime() - minutes * 60_000).toISOString() };
  });
}
