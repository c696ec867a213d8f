import type { RunbookNote, SeverityScaleInput } from "@/lib/model/severity-scale-schema";
import {
  P0_STEPS,
  P1_STEPS,
  P2_AUTH_STEPS,
  P2_DATA_STEPS,
  RATE_LIMIT_STEPS,
} from "@/lib/runbook/presets/customer-intelligence-steps";

const LEVELS = "004 Incident Severity Levels";
const PATH = "004 Emergency Contacts › Escalation Path";
const oncall = { atMinutes: 0, who: "On-call engineer (immediate response)", source: `${PATH} 1` };
const techLead = { atMinutes: 30, who: "Technical lead (unresolved in 30 min)", source: `${PATH} 2` };
const cto = { atMinutes: 60, who: "CTO (customer-impacting > 1 hour)", source: `${PATH} 3` };

/** The Customer Intelligence API's own P0–P2 (004), its response times and its escalation path. */
export const CUSTOMER_INTELLIGENCE_SCALE: SeverityScaleInput = {
  basis:
    "Customer Intelligence 004 P0–P2; its P3 (cosmetic / planned, 24 h) is not an incident on the board: the on-call engineer files it (post-incident tick p3-filed)",
  levels: {
    P0: {
      label: "P0",
      definition: "Complete outage",
      examples: "API returns 503 for all requests; health check fails",
      respondWithinMinutes: 15,
      owner: "On-call engineer",
      source: `${LEVELS}; 004 P0: Complete System Outage`,
    },
    P1: {
      label: "P1",
      definition: "Degraded performance",
      examples: "responses > 2 s, intermittent timeouts, error rate > 5%",
      respondWithinMinutes: 60,
      owner: "On-call engineer",
      source: `${LEVELS}; 004 P1: Degraded Performance`,
    },
    P2: {
      label: "P2",
      definition: "Minor issue: single feature broken, workaround exists",
      examples: "customer data stale (last sync > 24 h), LTV outdated, orders missing",
      respondWithinMinutes: 240,
      owner: "On-call engineer",
      source: `${LEVELS}; 004 P2: Customer Data Issues`,
    },
  },
  escalate: [],
  ladder: { P0: [oncall, techLead, cto], P1: [oncall, techLead, cto], P2: [oncall, techLead] },
  tree: [
    {
      id: "health",
      label: "health check failing",
      checks: ["health"],
      test: "any-crit",
      severity: "P0",
      action: "P0 diagnosis steps",
      steps: P0_STEPS,
      passed: "API /health answering",
      source: "004 P0 symptoms: health check fails → 503",
    },
    {
      id: "slow",
      label: "P99 ms > 2 s",
      checks: ["latency-p99"],
      test: "above",
      threshold: 2000,
      severity: "P1",
      action: "P1 diagnosis steps",
      steps: P1_STEPS,
      source: "004 P1 symptoms: API responds but slowly (> 2 seconds)",
    },
    {
      id: "errors",
      label: "5xx error rate % > 5%",
      checks: ["error-rate"],
      test: "above",
      threshold: 5,
      severity: "P1",
      action: "P1 diagnosis steps",
      steps: P1_STEPS,
      source: "004 P1 symptoms: high error rate (> 5% requests fail)",
    },
    {
      id: "timeouts",
      label: "API calls > 2 s or timing out",
      checks: ["customer-random", "search-timing"],
      test: "any-crit",
      severity: "P1",
      action: "P1 diagnosis steps",
      steps: P1_STEPS,
      source: "004 P1 symptoms: intermittent timeouts; Response time > 2000ms",
    },
    {
      id: "rate-limited",
      label: "many 429 answers (rate limits)",
      checks: ["rate-limited"],
      test: "not-ok",
      severity: "P1",
      action: "P1 cause D: high traffic / rate limiting",
      steps: RATE_LIMIT_STEPS,
      source: "004 P1 cause D: many 429 errors",
    },
    {
      id: "stale-data",
      label: "customer data stale (last sync > 24 h)",
      checks: ["data-freshness"],
      test: "any-crit",
      severity: "P2",
      action: "P2 diagnosis steps",
      steps: P2_DATA_STEPS,
      passed: "customer data synced within 24 h",
      source: "004 P2: last_sync_at > 24 hours ago, data is stale",
    },
    {
      id: "auth",
      label: "401s: API keys refused",
      checks: ["unauthorized"],
      test: "not-ok",
      severity: "P2",
      action: "P2 authentication issues",
      steps: P2_AUTH_STEPS,
      passed: "no 401s above 1% of requests",
      source: "004 P2 Authentication Issues: 401 errors in logs",
    },
  ],
  treeOtherwise: "no P0–P2 symptom of the runbook: not an incident (yet)",
};

export const CUSTOMER_INTELLIGENCE_NOTES: RunbookNote[] = [
  {
    id: "downtime-budget",
    topic: "Downtime budget",
    sides: "SLO target 99.5% uptime per month; 'Downtime Budget: 43 minutes per month' (that is 99.9%)",
    took: "Budget 216 min (0.5% of 30 days), amber once 43 min are spent, red when none is left",
    why: "The target is the SLO; 43 min matches the uptime tile's 99.9% warning, so both tiles agree",
    source: "004 SLOs › Availability",
  },
  {
    id: "unnumbered-symptoms",
    topic: "Symptoms without a number",
    sides: "'Many 429 errors', '401 errors in logs', customers_loaded: the runbook gives no threshold",
    took: "429s: amber above 1% of requests, red above 5% (its error-rate line); 401s: amber above 1%; no customers loaded: red",
    why: "A tile needs a level; these are warroom's, named here instead of passed off as the runbook's",
    source: "004 P1 Cause D; P2 Authentication Issues; P2 diagnosis step 1",
  },
  {
    id: "error-rate-levels",
    topic: "Error rate: SLO or incident",
    sides: "SLO: < 1% of requests 5xx. P1 symptoms: > 5% of requests fail",
    took: "The gauge turns red above 1% (the SLO); the severity suggestion says P1 only above 5%",
    why: "Missing the SLO spends the error budget; the runbook calls it an incident only at 5%",
    source: "004 SLOs › Error Rate; 004 P1 symptoms",
  },
  {
    id: "cto-rung",
    topic: "CTO rung",
    sides: "Escalation Path 3: CTO 'if customer-impacting > 1 hour'",
    took: "On the P0 and P1 ladders at T+60; not on P2's",
    why: "P2 is defined as having a workaround, so it is not the customer impact the rung names",
    source: "004 Emergency Contacts › Escalation Path; Incident Severity Levels",
  },
  {
    id: "cache-second-call",
    topic: "Cache: second call faster",
    sides: "'Call same endpoint twice, second should be faster': no number for how much faster",
    took: "GET /api/mcp/customer/random twice; the second's time as % of the first: amber above 50%, red above 80%; both within 50 ms: both from the cache, ok",
    why: "A cache answers in a fraction of the database's time; within 80% is noise, not a cache",
    source: "004 P1 Cause A: Redis Cache Down, step 3",
  },
  {
    id: "nl-query-endpoint",
    topic: "NL queries < 3000 ms",
    sides:
      "SLO 'Target (NL Queries): <3000ms for AI-powered queries'; the runbook names no endpoint for them",
    took: "POST /api/mcp/query with a question, X-API-Key, timed every cycle; red above 3000 ms (the check's URL names the endpoint: a team whose API differs edits it)",
    why: "The SLO needs a call to time; this endpoint is warroom's choice (the sim serves it), named here instead of passed off as the runbook's",
    source: "004 SLOs › Response Time",
  },
  {
    id: "sync-start-field",
    topic: "Sync hung: where the start is read",
    sides:
      "Cause E's sign is in the logs: 'Sync started...' with no 'Sync completed' for > 10 minutes; /health lists only last_sync_at",
    took: "data_status.sync_started_at on /health against last_sync_at: started > 10 min ago with no completion after it is red; a /health without the field reads unknown, naming it",
    why: "warroom does not read Railway's logs; the start must be reported by the service, and a service that does not is unknown, never 'no sync running'",
    source: "004 P0 Cause E: Azure SQL Sync Process Hung",
  },
];
