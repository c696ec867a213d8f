import type { ChecklistInput } from "@/lib/model/checklist-schema";
import { entry, tick } from "@/lib/runbook/presets/checklist-items";

/** What UptimeRobot or Railway's logs showed, entered by the on-call engineer (warroom reads neither). */
const uptimeRobot = (id: string, alert: string) =>
  entry(id, "oncall", "UptimeRobot", `UptimeRobot alert: "${alert}"`);
const railwayLogs = (id: string, showed: string) => entry(id, "oncall", "Railway logs", showed);

/**
 * The Customer Intelligence API's (004) manual steps as ticks, and as entries what Railway, UptimeRobot,
 * customers and providers showed: the service runs on Railway, whose logs and dashboard warroom does not
 * read. The on-call engineer responds and owns the runbook; the technical lead changes code and limits.
 */
export const CUSTOMER_INTELLIGENCE_CHECKLISTS: ChecklistInput[] = [
  {
    id: "outage",
    label: "P0 outage: what else saw it, causes A–D",
    phase: "incident",
    scenarios: ["health"],
    source: "004 P0: Complete System Outage › Symptoms, Common Root Causes & Fixes",
    items: [
      uptimeRobot("uptimerobot-down", "API Health Check DOWN"),
      entry("customer-reports", "oncall", "customers", 'Customer reports: "Website is down"'),
      railwayLogs(
        "logs-db",
        "Cause A: logs show could not connect to server / remaining connection slots reserved",
      ),
      railwayLogs("logs-oom", "Cause B: logs show Killed / MemoryError / Container exceeded memory limit"),
      entry(
        "memory-limit",
        "techlead",
        "Railway dashboard",
        "Cause B: memory consistently > 90%: memory limit raised (Settings → Resources → Memory Limit, 512MB → 1GB)",
      ),
      entry("oom-restart", "oncall", "Railway", "Cause B: service restarted (railway restart)"),
      railwayLogs(
        "logs-env",
        "Cause C: logs show a required variable missing (ADMIN_KEY not set, DATABASE_URL is required, ANTHROPIC_API_KEY not found)",
      ),
      entry(
        "recent-deploy",
        "oncall",
        "Railway dashboard",
        "Cause D: a recent deployment in the Railway dashboard, its logs showing build/startup errors",
      ),
    ],
  },
  {
    id: "degraded",
    label: "P1 degraded: alert and causes B–C",
    phase: "incident",
    scenarios: ["slow", "errors", "timeouts"],
    source: "004 P1: Degraded Performance › Symptoms, Causes B and C",
    items: [
      uptimeRobot("uptimerobot-slow", "Response time > 2000ms"),
      railwayLogs("logs-queuepool", 'Cause B: logs show "QueuePool limit exceeded"'),
      tick(
        "missing-index",
        "techlead",
        "Cause C: missing index created (CREATE INDEX CONCURRENTLY idx_customer_ltv ON fact_customer_current(lifetime_value DESC))",
      ),
    ],
  },
  {
    id: "rate-limited",
    label: "P1 rate limiting: cause D",
    phase: "incident",
    scenarios: ["rate-limited"],
    source: "004 P1 Cause D: High Traffic / Rate Limiting",
    items: [
      tick(
        "raise-limits",
        "techlead",
        "Legitimate traffic: rate limits raised in backend/main.py's rate limit decorators (a code change), deployed",
      ),
    ],
  },
  {
    id: "data",
    label: "P2 customer data issues",
    phase: "incident",
    scenarios: ["stale-data"],
    source: "004 P2: Customer Data Issues",
    items: [
      entry("customer-wrong-data", "oncall", "customer", 'Customer reports: "My data looks wrong"'),
      tick(
        "verify-customer",
        "oncall",
        "Customer's data verified (GET /api/mcp/customer/{customer_id}): lifetime_value and total_orders as expected",
      ),
      railwayLogs(
        "logs-azure",
        "Logs show Azure SQL errors (Error connecting to Azure SQL, Login failed for user, Network path not found)",
      ),
    ],
  },
  {
    id: "auth",
    label: "P2 authentication issues",
    phase: "incident",
    scenarios: ["auth"],
    source: "004 P2: Authentication Issues",
    items: [
      tick(
        "test-key",
        "oncall",
        "Customer's key tested (GET /api/mcp/customer/random): 200 OK, 401 invalid, 403 valid but unauthorized",
      ),
      tick(
        "key-sent",
        "oncall",
        "Right key given to the customer through a secure channel, not email or Slack (warroom never shows a key)",
      ),
    ],
  },
  {
    id: "outside",
    label: "Providers and status page",
    phase: "incident",
    source: "004 Emergency Contacts › Service Providers; SLOs › Availability",
    items: [
      entry(
        "provider-support",
        "oncall",
        "provider support",
        "Provider support contacted: Railway (support@railway.app), Anthropic (support@anthropic.com), Azure Portal → Support",
      ),
      entry("status-page", "oncall", "status page", "Status page (status.yourdomain.com) shows the incident"),
    ],
  },
  {
    id: "post-incident",
    label: "Post-incident review",
    phase: "post-incident",
    source: "004 Post-Incident Review; Runbook Maintenance",
    items: [
      tick(
        "update-runbook",
        "oncall",
        "Runbook updated where the incident revealed gaps: new scenario, diagnosis steps, prevention",
      ),
      tick(
        "postmortem-meeting",
        "oncall",
        "Blameless post-mortem: 30-minute meeting scheduled with the team",
      ),
      tick(
        "review-runbook",
        "oncall",
        "Runbook reviewed after this P0/P1 incident (its owner: the on-call engineer)",
      ),
      tick(
        "p3-filed",
        "oncall",
        "P3 issues seen (cosmetic or planned: documentation outdated, a minor UI bug) filed for a fix and answered within 24 h, outside the incident",
        "004 Incident Severity Levels: P3, 24 hours",
      ),
    ],
  },
];
