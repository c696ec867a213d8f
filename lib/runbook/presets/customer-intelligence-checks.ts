import type { RunbookInput } from "@/lib/model/runbook-schema";
import type { PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";

type Checks = NonNullable<RunbookInput["checks"]>;
type Triggers = NonNullable<RunbookInput["triggers"]>;

/** The variable that holds the API's admin key: the runbook's $ADMIN_KEY, sent as X-Admin-Key and X-API-Key. */
export const CIA_ADMIN_KEY_VAR = "WARROOM_CIA_ADMIN_KEY";
/**
 * The natural-language (AI-powered) query the SLO times: the runbook names no endpoint, so this is
 * warroom's choice (runbook note nl-query-endpoint); a team whose API differs edits the check's URL.
 */
export const CIA_NL_QUERY = {
  path: "/api/mcp/query",
  body: '{"query":"Which customers are most likely to churn this month?"}',
} as const;
/** The variable that holds the CIA database's URL (the runbook's $DATABASE_URL). */
export const CIA_DATABASE_URL_VAR = "WARROOM_CIA_DATABASE_URL";

const LATENCY = {
  direction: "above",
  warn: 500,
  crit: 2000,
  source: "004 P1 step 1: normal < 500 ms, degraded > 2000 ms",
} as const;

/**
 * The checks of 004's diagnosis steps beyond /health and /metrics: the timed API calls (with the admin key,
 * which the runbook uses for every customer), the shares of 429 and 401 answers, the customers loaded and
 * the database. Without the key or the database URL those checks read unknown and name the variable.
 */
export function ciaDiagnosisChecks(api: string, env: PresetEnv): Checks {
  const key = env[CIA_ADMIN_KEY_VAR] || env.SIM_CIA_ADMIN_KEY || null;
  const keyed = key
    ? { headers: { "X-API-Key": key } }
    : { unavailable: `no API key: set ${CIA_ADMIN_KEY_VAR} to time the API calls` };
  const dbUrl = env[CIA_DATABASE_URL_VAR] || null;
  const db = dbUrl
    ? { url: dbUrl }
    : {
        url: "postgres://unset@127.0.0.1:5432/unset",
        unavailable: `no database URL: set ${CIA_DATABASE_URL_VAR} to read the CIA database`,
      };
  return [
    {
      id: "customer-random",
      kind: "http",
      label: "GET /api/mcp/customer/random",
      source: "004 P1 step 1: time curl /api/mcp/customer/random",
      url: `${api}/api/mcp/customer/random`,
      timeoutMs: 5000,
      ...keyed,
      thresholds: LATENCY,
    },
    {
      id: "search-timing",
      kind: "http",
      label: "POST /api/mcp/search (ltv_min 1000)",
      source: "004 P1 cause C step 4: verify improvement",
      url: `${api}/api/mcp/search`,
      method: "POST",
      body: '{"filters":{"ltv_min":1000}}',
      timeoutMs: 5000,
      ...keyed,
      thresholds: LATENCY,
    },
    {
      // 004 P1 cause A, verify the cache: "call same endpoint twice, second should be faster".
      id: "cache-second-call",
      kind: "http-repeat",
      label: "Cache: second call faster",
      source: "004 P1 cause A step 3: call the same endpoint twice",
      url: `${api}/api/mcp/customer/random`,
      timeoutMs: 6000,
      ...keyed,
      thresholds: {
        direction: "above",
        warn: 50,
        crit: 80,
        source: "004: second should be faster; % of the first call: runbook note cache-second-call",
      },
    },
    {
      id: "nl-query",
      kind: "http",
      label: `POST ${CIA_NL_QUERY.path} (natural language)`,
      source: "004 SLO: NL queries < 3000 ms (endpoint: runbook note nl-query-endpoint)",
      url: `${api}${CIA_NL_QUERY.path}`,
      method: "POST",
      body: CIA_NL_QUERY.body,
      timeoutMs: 6000,
      ...keyed,
      thresholds: { direction: "above", crit: 3000, source: "004 SLO: AI-powered queries < 3000 ms" },
    },
    {
      // 004 P0 cause E: "Sync started…" with no "Sync completed" for > 10 minutes (the service's own timeout).
      id: "sync-running",
      kind: "http-run",
      label: "Sales sync not hung",
      source: "004 P0 cause E: Azure SQL sync process hung",
      url: `${api}/health`,
      name: "sync",
      startedPath: "data_status.sync_started_at",
      completedPath: "data_status.last_sync_at",
      maxMinutes: 10,
    },
    {
      id: "customers-loaded",
      kind: "http",
      label: "Customers loaded",
      source: "004 P2 step 1: data_status.customers_loaded",
      url: `${api}/health`,
      value: { path: "data_status.customers_loaded", unit: "" },
      thresholds: { direction: "below", crit: 1, source: "none loaded: every lookup fails (runbook note)" },
    },
    {
      id: "rate-limited",
      kind: "prometheus",
      label: "429 rate limited",
      source: "004 P1 cause D: many 429 errors",
      url: `${api}/metrics`,
      series: "error-rate",
      errorStatus: "429",
      windowSec: 300,
      thresholds: { direction: "above", warn: 1, crit: 5, source: "runbook note unnumbered-symptoms" },
    },
    {
      id: "unauthorized",
      kind: "prometheus",
      label: "401 refused keys",
      source: "004 P2 Authentication: 401 errors in logs",
      url: `${api}/metrics`,
      series: "error-rate",
      errorStatus: "401",
      windowSec: 300,
      thresholds: { direction: "above", warn: 1, source: "runbook note unnumbered-symptoms" },
    },
    {
      id: "db-ping",
      kind: "postgres",
      measure: "ping",
      label: "CIA database accepts connections",
      source: "004 P0 cause A: pg_isready",
      ...db,
    },
    {
      id: "db-table-sizes",
      kind: "postgres",
      measure: "table-sizes",
      label: "CIA database table sizes",
      source: "004 Database Queries: check table sizes",
      ...db,
    },
    {
      id: "db-index-ltv",
      kind: "postgres",
      measure: "index",
      label: "Index on fact_customer_current(lifetime_value)",
      source: "004 P1 cause C: indexes on fact_customer_current (idx_customer_ltv)",
      table: "fact_customer_current",
      column: "lifetime_value",
      ...db,
    },
    {
      id: "db-connections",
      kind: "postgres",
      measure: "activity",
      label: "CIA database connections by state",
      source: "004 Database Queries: active connections by state",
      ...db,
    },
  ];
}

/** 004's rules over time beyond the health failures and the pool. */
export const CIA_DIAGNOSIS_TRIGGERS: Triggers = [
  {
    id: "intermittent-timeouts",
    label: "API calls > 2 s or timing out, 3 of the last 12",
    check: "customer-random",
    kind: "m-of-n",
    signal: "failure",
    crit: { m: 3, n: 12 },
    source: "004 P1 symptoms: intermittent timeouts",
  },
];
