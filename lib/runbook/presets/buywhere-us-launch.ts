import type { RunbookInput } from "@/lib/model/runbook-schema";
import { buyWhereActions } from "@/lib/runbook/presets/buywhere-actions";
import { BUYWHERE_CHECKLISTS } from "@/lib/runbook/presets/buywhere-checklists";
import { buyWhereExternalChecks } from "@/lib/runbook/presets/buywhere-external-checks";
import {
  BUYWHERE_INCIDENT_ROLLBACK,
  BUYWHERE_SEVERITY_RULES,
} from "@/lib/runbook/presets/buywhere-incident-rules";
import {
  BUYWHERE_INFRA_GAUGES,
  buyWhereInfraChecks,
  buyWhereInfraTargets,
} from "@/lib/runbook/presets/buywhere-infra-checks";
import { BUYWHERE_LAUNCH_FLOW } from "@/lib/runbook/presets/buywhere-launch-flow";
import { BUYWHERE_NOTES } from "@/lib/runbook/presets/buywhere-notes";
import { BUYWHERE_PROMPTS } from "@/lib/runbook/presets/buywhere-prompts";
import { BUYWHERE_SCALE } from "@/lib/runbook/presets/buywhere-scale";
import { buyWhereSearchChecks } from "@/lib/runbook/presets/buywhere-search-checks";
import { BUYWHERE_SLACK_CHANNELS } from "@/lib/runbook/presets/buywhere-slack";
import { BUYWHERE_DEPLOY_WATCH, buyWhereSmokeChecks } from "@/lib/runbook/presets/buywhere-smoke";
import { buyWhereStackChecks } from "@/lib/runbook/presets/buywhere-stack-checks";
import { BUYWHERE_TEMPLATES } from "@/lib/runbook/presets/buywhere-templates";
import { BUYWHERE_TRIGGERS } from "@/lib/runbook/presets/buywhere-triggers";

export type PresetEnv = Record<string, string | undefined>;

/**
 * BuyWhere US launch, 23 April 2026 (runbooks 001 launch day, 002 deploy, 000 incident response).
 * Targets default to the simulated stack on loopback; point them at a real stack with the env vars below
 * (WARROOM_API_URL …) and, for containers, databases, Redis, disk and backups, those in
 * buywhere-infra-checks.ts (WARROOM_DB_URL, WARROOM_REDIS_URL, WARROOM_DOCKER_PROJECT …).
 * Where the runbooks disagree on a level, the launch-day §3.4 table wins for the gauges and the
 * source says so; the deploy/incident rollback triggers belong to the rollback rules.
 */
export function buildBuyWhereUsLaunch(env: PresetEnv): RunbookInput {
  const api = (env.WARROOM_API_URL ?? "http://127.0.0.1:18000").replace(/\/$/, "");
  const mcp = (env.WARROOM_MCP_URL ?? "http://127.0.0.1:18080").replace(/\/$/, "");
  const tlsHost = env.WARROOM_TLS_HOST ?? "127.0.0.1";
  const tlsPort = env.WARROOM_TLS_PORT ?? 18443;
  const apiKey = env.BUYWHERE_API_KEY;
  const infra = buyWhereInfraTargets(env);

  return {
    id: "buywhere-us-launch",
    name: "BuyWhere US Launch",
    system: "BuyWhere API",
    launch: {
      local: "2026-04-23T09:00",
      timeZone: "America/New_York",
      stated: { text: "09:00 EST (14:00 UTC)", utc: "2026-04-23T14:00:00Z" },
    },
    // Launch day (001), the deploy window before it (002) and incident response (000).
    modes: ["launch", "deploy", "incident"],
    people: [
      { id: "rex", name: "Rex", role: "lead", domain: "overall", title: "CTO, incident lead" },
      { id: "bolt", name: "Bolt", role: "owner", domain: "infra", title: "Infra / DB" },
      { id: "sol", name: "Sol", role: "owner", domain: "frontend", title: "Frontend / QA" },
      { id: "link", name: "Link", role: "owner", domain: "affiliate", title: "Affiliate tracking" },
      { id: "atlas", name: "Atlas", role: "owner", domain: "qa", title: "QA / smoke tests" },
      { id: "lyra", name: "Lyra", role: "owner", domain: "comms", title: "CMO, social / comms" },
      { id: "vera", name: "Vera", role: "exec", title: "CEO" },
    ],
    collector: { intervalMs: 5000, defaultTimeoutMs: 3000 },
    checks: [
      {
        id: "api-health",
        kind: "http",
        label: "API /health",
        owner: "bolt",
        source: "launch-day §1.1, deploy §3 test 1",
        url: `${api}/health`,
        json: [
          { path: "status", equals: "ok" },
          { path: "catalog.total_products", exists: true, failLevel: "warn" },
        ],
      },
      {
        // Counted from the stored api-health readings, not probed: a warn there (no catalog count) still
        // answered "status ok", so it counts as up; unknown readings and collection gaps lower coverage.
        id: "api-uptime",
        kind: "uptime",
        label: "API uptime since T-0",
        owner: "bolt",
        source: "launch-day §6: API uptime 100% (uptime monitor + health probe)",
        check: "api-health",
        window: { since: "t0" },
        up: ["ok", "warn"],
        thresholds: { direction: "below", crit: 100, source: "launch-day §6: 100% in the first hour" },
      },
      {
        id: "api-health-detailed",
        kind: "http",
        label: "DB response (/health/detailed)",
        owner: "bolt",
        source: "deploy §3 test 2, incident §2.1",
        url: `${api}/health/detailed`,
        json: [{ path: "status", equals: "healthy" }],
        value: { path: "db_response_ms", unit: "ms" },
        thresholds: { direction: "above", crit: 500, source: "deploy §3 test 2: db_response_ms < 500" },
      },
      {
        id: "catalog-count",
        kind: "http",
        label: "Catalog size",
        owner: "bolt",
        source: "launch-day §1.3",
        url: `${api}/health`,
        value: { path: "catalog.total_products", unit: "" },
        thresholds: { direction: "below", crit: 1_300_000, source: "launch-day §1.3: > 1.3M" },
      },
      {
        id: "catalog-status",
        kind: "http",
        label: "Active products (/v1/status)",
        owner: "bolt",
        source: "deploy §3 test 8",
        url: `${api}/v1/status`,
        headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : undefined,
        value: { path: "total_active_products", unit: "" },
        thresholds: { direction: "below", crit: 1_000_000, source: "deploy §3 test 8: > 1,000,000" },
      },
      {
        id: "product-listing",
        kind: "http",
        label: "Product listing",
        owner: "atlas",
        source: "deploy §3 test 3",
        url: `${api}/v1/products?limit=1`,
        json: [{ path: "products.0.id", exists: true }],
        value: { path: "total", unit: "" },
        thresholds: { direction: "below", crit: 1, source: "deploy §3 test 3: total > 0" },
      },
      {
        id: "search-laptop",
        kind: "search",
        label: "Search laptop (USD)",
        owner: "atlas",
        source: "deploy §3 tests 4 and 9",
        url: `${api}/v1/search?q=laptop&limit=3&currency=USD`,
        minTotal: 1,
        currency: "USD",
        thresholds: { direction: "above", warn: 1000, crit: 2000, source: "deploy §3 test 9: < 2 s" },
      },
      {
        id: "search-iphone",
        kind: "search",
        label: "Search iphone (USD)",
        owner: "sol",
        source: "launch-day §1.4, deploy §3 test 5",
        url: `${api}/api/search?q=iphone&currency=USD&limit=5`,
        minTotal: 1,
        currency: "USD",
        thresholds: { direction: "above", warn: 1000, crit: 2000, source: "deploy §3 test 9: < 2 s" },
      },
      {
        id: "product-detail",
        kind: "product-detail",
        label: "Product detail has a name",
        owner: "sol",
        source: "launch-day §1.4",
        searchUrl: `${api}/api/search?q=laptop&limit=1`,
        detailUrl: `${api}/api/products/{id}`,
        field: "name",
      },
      {
        id: "affiliate-redirect",
        kind: "redirect",
        label: "Affiliate /go/B09G9HDHJT",
        owner: "link",
        source: "launch-day §1.4 and §2 P0, deploy §3 test 6",
        url: `${api}/go/B09G9HDHJT`,
        expectHost: "amazon.com",
        expectParams: { tag: "buywhere-20" },
      },
      {
        id: "affiliate-test-asin",
        kind: "redirect",
        label: "Affiliate /go/test-asin",
        owner: "link",
        source: "launch-day §1.2",
        url: `${api}/go/test-asin`,
        expectHost: "amazon.com",
        expectParams: { tag: "buywhere-20" },
      },
      {
        id: "mcp-health",
        kind: "http",
        label: "MCP /health",
        owner: "bolt",
        source: "deploy §3 test 7 (non-blocking)",
        url: `${mcp}/health`,
        json: [{ path: "status", equals: "ok" }],
      },
      {
        id: "mcp-health-public",
        kind: "http",
        label: "MCP via API (/mcp/health)",
        owner: "bolt",
        source: "launch-day §1.4, §3.2",
        url: `${api}/mcp/health`,
        json: [{ path: "status", equals: "ok" }],
      },
      {
        id: "tls-cert",
        kind: "tls",
        label: "TLS certificate",
        owner: "bolt",
        source: "launch-day §1.4, deploy §3 test 10",
        host: tlsHost,
        port: tlsPort,
        servername: env.WARROOM_TLS_SERVERNAME ?? "localhost",
        thresholds: { direction: "below", warn: 30, crit: 7, source: "deploy §3 test 10: > 30 days" },
      },
      {
        id: "error-rate",
        kind: "prometheus",
        label: "5xx error rate",
        owner: "atlas",
        source: "launch-day §3.4",
        url: `${api}/metrics`,
        series: "error-rate",
        windowSec: 60,
        thresholds: { direction: "above", warn: 0.5, crit: 1, source: "launch-day §3.4: > 0.5% / > 1%" },
      },
      {
        id: "latency-p99",
        kind: "prometheus",
        label: "P99 latency",
        owner: "bolt",
        source: "launch-day §3.4, deploy §4 gate 7",
        url: `${api}/metrics`,
        series: "latency-p99",
        windowSec: 60,
        thresholds: { direction: "above", warn: 1000, crit: 2000, source: "launch-day §3.4: > 1 s / > 2 s" },
      },
      {
        id: "latency-p50",
        kind: "prometheus",
        label: "P50 latency",
        owner: "bolt",
        source: "launch-day T+15",
        url: `${api}/metrics`,
        series: "latency-p50",
        windowSec: 60,
        thresholds: { direction: "above", warn: 200, source: "launch-day T+15: P50 < 200 ms" },
      },
      {
        id: "ingestion-age",
        kind: "http",
        label: "Ingestion: oldest US source",
        owner: "bolt",
        source: "launch-day T+4h: last run < 4 h for all US sources",
        url: `${api}/api/sources?region=us`,
        value: { path: "[*].last_run", age: "hours", unit: "h" },
        thresholds: { direction: "above", crit: 4, source: "launch-day T+4h: < 4 h" },
      },
      ...buyWhereSearchChecks(api),
      ...buyWhereSmokeChecks(api),
      ...buyWhereInfraChecks(infra),
      ...buyWhereStackChecks(infra),
      ...buyWhereExternalChecks(env),
    ],
    gauges: [
      { check: "error-rate", label: "Error rate (5xx)" },
      { check: "latency-p99", label: "P99 latency" },
      { check: "latency-p99-search", label: "Search P99" },
      { check: "api-health-detailed", label: "DB response" },
      { check: "search-laptop", label: "Search latency" },
      { check: "tls-cert", label: "TLS days left" },
      ...BUYWHERE_INFRA_GAUGES,
    ],
    launchFlow: BUYWHERE_LAUNCH_FLOW,
    templates: BUYWHERE_TEMPLATES,
    slackChannels: BUYWHERE_SLACK_CHANNELS,
    triggers: BUYWHERE_TRIGGERS,
    severityRules: BUYWHERE_SEVERITY_RULES,
    incidentRollback: BUYWHERE_INCIDENT_ROLLBACK,
    likelyCause: { source: "incident §2.6" },
    scale: BUYWHERE_SCALE,
    notes: BUYWHERE_NOTES,
    checklists: BUYWHERE_CHECKLISTS,
    prompts: BUYWHERE_PROMPTS,
    postmortem: { dueWithinHours: 24, source: "incident §6.2: post-mortem due within 24 hours" },
    actions: buyWhereActions(env),
    deployWatch: BUYWHERE_DEPLOY_WATCH,
    // The API's own log stream shows the first failing request before the next poll (docs/log-push.md).
    logPush: {
      containers: [{ socketPath: infra.dockerSocket, project: infra.dockerProject, service: "api" }],
      windowSec: 10,
      errorRate: { check: "error-rate" },
      errorLines: { check: "api-log-errors" },
    },
  };
}
