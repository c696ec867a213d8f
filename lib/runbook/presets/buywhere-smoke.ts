import type { DeployWatchInput } from "@/lib/model/deploy-watch-schema";
import type { LaunchFlowInput } from "@/lib/model/launch-flow-schema";
import type { RunbookInput } from "@/lib/model/runbook-schema";

type CheckInput = RunbookInput["checks"][number];
type GateInput = NonNullable<LaunchFlowInput["gates"]>[number];

/** Deploy §3 test 5 as written: /v1/search for iphone returns a named product. */
export function buyWhereSmokeChecks(api: string): CheckInput[] {
  return [
    {
      id: "search-iphone-v1",
      kind: "http",
      label: "Search iphone (/v1, named result)",
      owner: "atlas",
      source: "deploy §3 test 5",
      url: `${api}/v1/search?q=iphone&limit=1&currency=USD`,
      json: [{ path: "products.0.name", exists: true }],
      value: { path: "total", unit: "" },
      thresholds: { direction: "below", crit: 1, source: "deploy §3 test 5: returns a named product result" },
    },
  ];
}

/**
 * Deploy §3: every smoke test must pass before Go is signalled. Tests 1, 2, 4, 6 and 9 are the §4 gates;
 * these are the other five. §2 step 6 calls an MCP failure non-blocking: its gate can be waived by infra.
 */
export const BUYWHERE_SMOKE_GATES: GateInput[] = [
  {
    id: "smoke-t3",
    label: "T3 product listing",
    domain: "qa",
    checks: ["product-listing"],
    source: "deploy §3 test 3",
  },
  {
    id: "smoke-t5",
    label: "T5 search iphone",
    domain: "qa",
    checks: ["search-iphone-v1"],
    source: "deploy §3 test 5",
  },
  {
    id: "smoke-t7",
    label: "T7 MCP health",
    domain: "infra",
    checks: ["mcp-health"],
    source: "deploy §3 test 7 (§2 step 6: non-blocking for launch — waive with the reason)",
  },
  {
    id: "smoke-t8",
    label: "T8 catalog > 1M active",
    domain: "infra",
    checks: ["catalog-status"],
    source: "deploy §3 test 8",
  },
  {
    id: "smoke-t10",
    label: "T10 TLS > 30 days",
    domain: "infra",
    checks: ["tls-cert"],
    // tls-cert warns below 30 days: for this test a warning is a fail.
    accept: ["ok"],
    source: "deploy §3 test 10: notAfter > 30 days",
  },
];

/**
 * Deploy watch: deploy §3's ten smoke tests, run the moment the API container starts on a new image, and
 * the post-deploy window — §4's seven mandatory go conditions (a gate red > 15 min after the deploy: §5.1
 * "cannot be fixed in < 15 min") and §4's "API health check: 3 consecutive failures". The window lasts the
 * deploy window (07:00–08:30 EST, 90 min).
 */
export const BUYWHERE_DEPLOY_WATCH: DeployWatchInput = {
  source: "deploy",
  smoke: [
    { id: "t1", label: "T1 health", checks: ["api-health"], source: "deploy §3 test 1" },
    { id: "t2", label: "T2 detailed health", checks: ["api-health-detailed"], source: "deploy §3 test 2" },
    { id: "t3", label: "T3 product listing", checks: ["product-listing"], source: "deploy §3 test 3" },
    { id: "t4", label: "T4 search laptop (USD)", checks: ["search-laptop"], source: "deploy §3 test 4" },
    { id: "t5", label: "T5 search iphone", checks: ["search-iphone-v1"], source: "deploy §3 test 5" },
    { id: "t6", label: "T6 affiliate redirect", checks: ["affiliate-redirect"], source: "deploy §3 test 6" },
    { id: "t7", label: "T7 MCP health", checks: ["mcp-health"], source: "deploy §3 test 7 (non-blocking)" },
    { id: "t8", label: "T8 catalog > 1M", checks: ["catalog-status"], source: "deploy §3 test 8" },
    // search-laptop warns above 1 s and fails above 2 s: the test's limit is 2 s, so a warning passes.
    { id: "t9", label: "T9 search < 2 s", checks: ["search-laptop"], source: "deploy §3 test 9" },
    {
      id: "t10",
      label: "T10 TLS > 30 days",
      checks: ["tls-cert"],
      accept: ["ok"],
      source: "deploy §3 test 10",
    },
  ],
  goGates: ["api-health", "db-healthy", "search-usd", "affiliate", "backup", "disk", "p99"],
  goFailMinutes: 15,
  healthCheck: "api-health",
  healthFailures: 3,
  windowMinutes: 90,
  // deploy §2: the sequence as the runbook runs it; steps a live check can confirm name it.
  steps: [
    { id: "s1", label: "Save rollback state", source: "deploy §2 step 1 (warroom writes it on the deploy)" },
    { id: "s2", label: "Build and tag images sha-…", checks: ["api-images"], source: "deploy §2 step 2" },
    {
      id: "s3",
      label: "DB, replica, PgBouncer, Redis healthy",
      checks: ["container-db", "container-db-replica", "container-pgbouncer", "container-redis"],
      source: "deploy §2 step 3",
    },
    { id: "s4", label: "Migrations applied", checks: ["db-migration"], source: "deploy §2 step 4" },
    {
      id: "s5",
      label: "API healthy (120 s start period)",
      checks: ["api-health"],
      source: "deploy §2 step 5",
    },
    {
      id: "s6",
      label: "MCP and scraper scheduler up",
      checks: ["container-mcp", "container-scraper-scheduler"],
      source: "deploy §2 step 6",
    },
    { id: "s7", label: "Monitoring and cron services", source: "deploy §2 step 7" },
    { id: "s8", label: "Full stack verified: smoke suite", source: "deploy §2 step 8, §3" },
  ],
};
