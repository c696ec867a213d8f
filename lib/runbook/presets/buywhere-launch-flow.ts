import type { LaunchFlowInput } from "@/lib/model/launch-flow-schema";
import { BUYWHERE_DEPLOY_CHECKLIST } from "@/lib/runbook/presets/buywhere-deploy-checklist";
import { containerCheckId } from "@/lib/runbook/presets/buywhere-infra-checks";
import { BUYWHERE_SMOKE_GATES } from "@/lib/runbook/presets/buywhere-smoke";
import { BUYWHERE_VERDICT } from "@/lib/runbook/presets/buywhere-verdict";

const manual = (id: string, owner: string, label: string) => ({ kind: "manual" as const, id, owner, label });
const auto = (id: string, checks: string[], label: string, accept?: ("ok" | "warn")[]) => ({
  kind: "auto" as const,
  id,
  checks,
  label,
  accept,
});

/** Launch-day §1.1's five: api, mcp, db, pgbouncer, redis. */
const CORE_SERVICES = ["api", "mcp", "db", "pgbouncer", "redis"];
const CORE_CONTAINERS = CORE_SERVICES.map(containerCheckId);
const ALL_CONTAINERS = [...CORE_SERVICES, "db_replica", "scraper-scheduler"].map(containerCheckId);

/**
 * BuyWhere's go/no-go, P0 gates, Rex's deploy Go/Hold at 08:30 and milestones (launch-day 001 §1–2, §6;
 * deploy 002 §4). Every P0 gate
 * is measured by the preset's checks (backup age and disk by the host probe); an item with no probe
 * (Sentry, GA4, comms) is manual. A gate with no checks would stay red until waived — never green by default.
 */
export const BUYWHERE_LAUNCH_FLOW: LaunchFlowInput = {
  pollOpensMinutes: 15,
  pollDomains: ["infra", "frontend", "affiliate", "qa", "comms"],
  delayMinutes: 30,
  gates: [
    {
      id: "backup",
      label: "DB backup < 24 h",
      domain: "infra",
      checks: ["backup-age"],
      source: "launch-day §2, deploy §4 #5",
    },
    {
      id: "api-health",
      label: "API health 200",
      domain: "infra",
      checks: ["api-health"],
      source: "deploy §4 #1",
    },
    {
      id: "db-healthy",
      label: "DB healthy",
      domain: "infra",
      checks: ["api-health-detailed"],
      source: "deploy §4 #2",
    },
    {
      id: "search-usd",
      label: "Search functional (USD)",
      domain: "qa",
      checks: ["search-laptop", "search-iphone"],
      source: "deploy §4 #3",
    },
    {
      id: "affiliate",
      label: "Affiliate tagging live",
      domain: "affiliate",
      checks: ["affiliate-redirect"],
      source: "launch-day §2, deploy §4 #4",
    },
    { id: "disk", label: "Disk < 85%", domain: "infra", checks: ["host-disk"], source: "deploy §4 #6" },
    {
      id: "p99",
      label: "Search P99 < 2 s",
      domain: "infra",
      checks: ["latency-p99-search"],
      source: "deploy §4 #7: P99 latency < 2 s on search",
    },
    { id: "no-p1", label: "No active P1", domain: "overall", incident: "P1", source: "launch-day §2" },
    ...BUYWHERE_SMOKE_GATES,
  ],
  checkpoints: [
    {
      id: "deploy-go",
      label: "Deploy Go/Hold",
      owner: "rex",
      offsetMinutes: -30,
      // §4's mandatory go conditions and the smoke tests of Bolt's report.
      gates: [
        "api-health",
        "db-healthy",
        "search-usd",
        "affiliate",
        "backup",
        "disk",
        "p99",
        ...BUYWHERE_SMOKE_GATES.map((g) => g.id),
      ],
      source: "deploy §4: Rex calls Go or Hold at 08:30 EST based on Bolt's smoke test report",
    },
  ],
  milestones: [
    BUYWHERE_DEPLOY_CHECKLIST,
    {
      id: "t-2h",
      label: "T-2h pre-launch checklist",
      offsetMinutes: -120,
      source: "launch-day §1",
      statusPost: "Pre-launch checklist complete, T-2h. All green. (or list blockers)",
      items: [
        auto("pre-api-health", ["api-health"], "API /health 200 with catalog count (§1.1)"),
        auto("pre-containers", CORE_CONTAINERS, "All 5 containers Up (healthy) (§1.1)"),
        auto("pre-pgbouncer", ["db-pool"], "PgBouncer pool usage < 70% (§1.1)"),
        auto("pre-redis", ["redis-ping"], "Redis answers PONG (§1.1)"),
        auto("pre-disk-swap", ["host-disk", "host-swap"], "Disk < 85%, swap < 70% (§1.1)", ["ok", "warn"]),
        auto("pre-env", ["api-env"], "USD_DEFAULT=USD and US_REGION=us in the API (§1.2)"),
        auto(
          "pre-affiliate-tags",
          ["affiliate-test-asin"],
          "Affiliate tag buywhere-20 on /go/test-asin (§1.2)",
        ),
        // §1.2 lists their tags as configured but gives no URL, tag or variable to test them by.
        manual(
          "pre-affiliate-tags-others",
          "link",
          "Walmart, Best Buy and Target affiliate tags configured (§1.2: no test URL or tag given)",
        ),
        manual("pre-sentry-dsn", "sol", "Sentry DSN set and reporting (§1.2)"),
        auto("pre-migrations", ["db-migration"], "No pending migrations: 036_add_bulk_ingestion_jobs (§1.3)"),
        auto("pre-backup", ["backup-age"], "Backup completed within 24 h (§1.3)"),
        auto("pre-catalog", ["catalog-count", "db-products"], "Product count > 1.3M (§1.3)"),
        auto("pre-search", ["search-iphone"], "Search iphone returns USD results (§1.4)"),
        auto("pre-detail", ["product-detail"], "Product detail has a name (§1.4)"),
        auto("pre-mcp", ["mcp-health-public"], "MCP /mcp/health ok (§1.4)"),
        auto(
          "pre-affiliate",
          ["affiliate-redirect"],
          "Affiliate redirect lands on amazon.com with the tag (§1.4)",
        ),
        auto("pre-tls", ["tls-cert"], "TLS certificate > 30 days (§1.4)"),
        manual("pre-sentry", "sol", "Sentry < 5 new errors in the last hour (§1.5)"),
        manual("pre-ga4", "sol", "GA4 real-time panel loads (§1.5)"),
        manual("pre-grafana", "bolt", "Grafana us-launch dashboard loads, if operational (§1.5)"),
        manual("pre-uptime", "atlas", "Uptime monitor armed, cadence ≤ 1 min (§1.5)"),
        manual("pre-pagerduty", "rex", "On-call confirmed in PagerDuty 07:00–18:00 (§1.5)"),
        manual("pre-email", "lyra", "Countdown email staged for 08:45 (§1.6)"),
        manual("pre-ph", "lyra", "Product Hunt submission scheduled (§1.6)"),
        manual("pre-social", "lyra", "Social posts queued for 09:00 (§1.6)"),
        manual("pre-general", "lyra", "#general message drafted (§1.6)"),
      ],
    },
    {
      id: "t-15",
      label: "T-15 final go/no-go",
      offsetMinutes: -15,
      awaitsDecision: true,
      source: "launch-day §2",
    },
    {
      id: "t-0",
      label: "T-0 launch",
      offsetMinutes: 0,
      source: "launch-day §2",
      statusPost: "🚀 BuyWhere US Launch commencing — 09:00 EST April 23, 2026",
      items: [
        manual("t0-announce", "rex", "Launch announced in #us-launch-ops"),
        manual("t0-twitter", "lyra", "Twitter/X post live"),
        manual("t0-linkedin", "lyra", "LinkedIn post live"),
        manual("t0-ph-votes", "lyra", "Product Hunt votes request sent"),
        manual("t0-email", "lyra", "Countdown email send triggered"),
        manual("t0-infra-watch", "bolt", "Infra watched for the first 5 minutes"),
        auto("t0-smoke-loop", ["search-laptop"], "Live search smoke test passing"),
        manual("t0-sentry-watch", "sol", "Sentry feed watched from T-0"),
      ],
    },
    {
      id: "t+15",
      label: "T+15 initial health check",
      offsetMinutes: 15,
      source: "launch-day §2",
      statusPost: "T+15 status: [GREEN/YELLOW/RED] — latency: Xms, error rate: X%, searches: X",
      items: [
        auto("t15-p50", ["latency-p50"], "API P50 latency < 200 ms"),
        auto("t15-errors", ["error-rate"], "Error rate (5xx) < 0.5%"),
        manual("t15-alerts", "atlas", "No new P1/P2 alerts in #us-alerts"),
        auto("t15-search", ["search-iphone"], "Search returns results with USD pricing"),
      ],
    },
    {
      id: "t+30",
      label: "T+30 affiliate verification",
      offsetMinutes: 30,
      source: "launch-day §2",
      items: [
        auto("t30-redirect", ["affiliate-redirect"], "Affiliate redirect carries buywhere-20"),
        manual("t30-ga4-click", "link", "Affiliate click event in GA4 real-time"),
        manual("t30-dashboard", "link", "Affiliate clicks recording in the Amazon dashboard"),
      ],
    },
    {
      id: "t+1h",
      label: "T+1h stability check and first-hour success criteria",
      offsetMinutes: 60,
      source: "launch-day §2, §6",
      statusPost: "✅ T+1h milestone: Launch stable. [X] searches, [X] sessions, error rate [X]%.",
      items: [
        auto("t1h-stack", ALL_CONTAINERS, "Full Docker stack healthy"),
        auto("t1h-pool", ["db-pool"], "DB pool usage < 70%"),
        auto("t1h-redis", ["redis-memory"], "Redis memory < 70%"),
        auto("t1h-disk", ["host-disk"], "Disk < 85%", ["ok", "warn"]),
        auto("t1h-errors", ["error-rate"], "Error rate (5xx) < 0.5%"),
        manual("t1h-ingestion", "bolt", "No ingestion pipeline failures"),
        manual("t1h-users", "sol", "§6 ≥ 100 unique users (GA4)"),
        manual("t1h-searches", "sol", "§6 ≥ 1,000 product searches (GA4)"),
        auto("t1h-5xx", ["error-rate"], "§6 error rate (5xx) < 1%", ["ok", "warn"]),
        manual("t1h-aff-clicks", "link", "§6 affiliate clicks > 0"),
        auto("t1h-uptime", ["api-uptime"], "§6 API uptime 100% since T-0 (stored /health readings)"),
        auto("t1h-p99", ["latency-p99"], "§6 API P99 < 2 s", ["ok", "warn"]),
        manual("t1h-ph", "lyra", "§6 Product Hunt ≥ 50 upvotes"),
      ],
    },
    {
      id: "t+4h",
      label: "T+4h business-hours check-in",
      offsetMinutes: 240,
      source: "launch-day §2",
      items: [
        manual("t4h-ga4", "sol", "GA4 sessions and search events trending"),
        auto("t4h-ingestion", ["ingestion-age"], "Data ingestion ran < 4 h ago for all US sources"),
        manual("t4h-ph", "lyra", "Product Hunt upvote count posted"),
        manual("t4h-sentry", "atlas", "Sentry errors triaged"),
      ],
    },
  ],
  verdict: BUYWHERE_VERDICT,
};
