import type { RunbookInput } from "@/lib/model/runbook-schema";

type CheckInput = RunbookInput["checks"][number];

/** The search routes as the API's metrics label them (FastAPI's instrumentator: `handler`). */
export const SEARCH_HANDLERS = "/(v1|api)/search";

/**
 * Search measured on its own: its P99 from the API's per-route histogram (incident §1 P1 and §3.1, deploy
 * §4 gate 7 and rollback table name *search* latency, not the API's), and the results per retailer
 * (incident §1 P2: "Amazon results missing", "USD pricing wrong on one source").
 */
export function buyWhereSearchChecks(api: string): CheckInput[] {
  return [
    {
      id: "latency-p99-search",
      kind: "prometheus",
      label: "Search P99 latency",
      owner: "bolt",
      source: "deploy §4 gate 7 and rollback table; incident §1, §3.1",
      url: `${api}/metrics`,
      series: "latency-p99",
      labels: { handler: SEARCH_HANDLERS },
      windowSec: 60,
      thresholds: {
        direction: "above",
        warn: 1000,
        crit: 2000,
        source: "deploy §4: P99 search latency monitor > 1 s; gate 7: < 2 s on search",
      },
    },
    {
      id: "search-retailers",
      kind: "search",
      label: "Search by retailer (USD)",
      owner: "link",
      source: "incident §1 P2: Amazon results missing; USD pricing wrong on one source",
      // Laptops are listed by all four US retailers (launch day §1.2: Amazon, Walmart, Best Buy, Target).
      url: `${api}/v1/search?q=laptop&limit=20&currency=USD`,
      minTotal: 1,
      currency: "USD",
      bySource: { field: "retailer", require: ["amazon"], pricing: true },
    },
  ];
}
