import type { RunbookNote, SeverityScaleInput } from "@/lib/model/severity-scale-schema";

const LEVELS = "004 Incident Severity Levels";
const PATH = "004 Emergency Contacts › Escalation Path";
const oncall = { atMinutes: 0, who: "On-call engineer (immediate response)", source: `${PATH} 1` };
const techLead = { atMinutes: 30, who: "Technical lead (unresolved in 30 min)", source: `${PATH} 2` };
const cto = { atMinutes: 60, who: "CTO (customer-impacting > 1 hour)", source: `${PATH} 3` };

/** The Customer Intelligence API's own P0–P2 (004), its response times and its escalation path. */
export const CUSTOMER_INTELLIGENCE_SCALE: SeverityScaleInput = {
  basis: "Customer Intelligence 004 P0–P2; its P3 (cosmetic / planned) is not an incident on the board",
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
      steps: [
        "railway status (expected: Running; Crashed or Deploying is the outage)",
        "railway logs --tail 100: error, exception, killed, database connection failed, out of memory",
        "curl /health: JSON with an error is running but unhealthy",
      ],
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
      steps: [
        "time curl /api/mcp/customer/random ×5 (normal < 500 ms, degraded > 2 s)",
        "/metrics: http_request_duration p95/p99",
        "/admin/db/pool: checked_out of pool_size (30 of 30 is exhausted)",
        "/admin/cache/stats: hit_rate (0.75 good, 0.1 bad)",
      ],
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
      steps: [
        "time curl /api/mcp/customer/random ×5 (normal < 500 ms, degraded > 2 s)",
        "/metrics: http_request_duration p95/p99",
        "/admin/db/pool: checked_out of pool_size (30 of 30 is exhausted)",
        "/admin/cache/stats: hit_rate (0.75 good, 0.1 bad)",
      ],
      source: "004 P1 symptoms: high error rate (> 5% requests fail)",
    },
    {
      id: "stale-data",
      label: "customer data stale (last sync > 24 h)",
      checks: ["data-freshness"],
      test: "any-crit",
      severity: "P2",
      action: "P2 diagnosis steps",
      steps: [
        "curl /health | jq .data_status: last_sync_at, customers_loaded",
        "railway logs | grep sync: completed, failed, Azure SQL errors",
        "Look up a known customer: lifetime_value, total_orders as expected",
      ],
      passed: "customer data synced within 24 h",
      source: "004 P2: last_sync_at > 24 hours ago, data is stale",
    },
  ],
  treeOtherwise: "no P0–P2 symptom of the runbook: not an incident (yet)",
};

export const CUSTOMER_INTELLIGENCE_NOTES: RunbookNote[] = [
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
];
