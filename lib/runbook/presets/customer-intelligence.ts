import type { RunbookInput } from "@/lib/model/runbook-schema";
import type { PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";
import { CUSTOMER_INTELLIGENCE_CHECKLISTS } from "@/lib/runbook/presets/customer-intelligence-checklists";
import {
  CIA_ADMIN_KEY_VAR,
  CIA_DIAGNOSIS_TRIGGERS,
  ciaDiagnosisChecks,
} from "@/lib/runbook/presets/customer-intelligence-checks";
import {
  CUSTOMER_INTELLIGENCE_NOTES,
  CUSTOMER_INTELLIGENCE_SCALE,
} from "@/lib/runbook/presets/customer-intelligence-scale";
import { CUSTOMER_INTELLIGENCE_TEMPLATES } from "@/lib/runbook/presets/customer-intelligence-templates";
import { customerIntelligenceActions } from "@/lib/runbook/presets/other-actions";

/** Customer Intelligence API incident runbook (004): health, data freshness, SLOs, cache and DB pool. */
export function buildCustomerIntelligence(env: PresetEnv): RunbookInput {
  const api = (env.WARROOM_CIA_URL ?? "http://127.0.0.1:18200").replace(/\/$/, "");
  // No built-in key: without one the admin checks say so (unknown) instead of sending a guessable secret.
  const adminKey = env[CIA_ADMIN_KEY_VAR] || env.SIM_CIA_ADMIN_KEY || null;
  const admin = adminKey
    ? { headers: { "X-Admin-Key": adminKey } }
    : { unavailable: `no admin key: set ${CIA_ADMIN_KEY_VAR} to read the admin endpoints` };
  return {
    id: "customer-intelligence",
    name: "Customer Intelligence API",
    system: "Customer Intelligence API (Railway)",
    launch: { local: "2026-05-01T09:00", timeZone: "UTC" },
    // An incident-response runbook: no launch, no deploy window of its own.
    modes: ["incident"],
    // 004 Emergency Contacts › Escalation Path.
    people: [
      { id: "oncall", name: "On-call engineer", role: "lead", domain: "overall" },
      { id: "techlead", name: "Technical lead", role: "owner", domain: "backend" },
      { id: "cto", name: "CTO", role: "exec" },
    ],
    collector: { intervalMs: 5000, defaultTimeoutMs: 3000 },
    checks: [
      {
        id: "health",
        kind: "http",
        label: "API /health",
        source: "004 P0: health check",
        url: `${api}/health`,
        // 004 SLOs: availability counts HTTP 200/201 responses to /health.
        expectStatus: [200, 201],
        json: [{ path: "status", oneOf: ["ok", "healthy"] }],
      },
      {
        // The SLO over a month of stored /health readings: until a month is collected the coverage says
        // so, and only a breach the missing readings could not undo (budget already spent) is shown.
        id: "uptime-30d",
        kind: "uptime",
        label: "API uptime (30 days)",
        source: "004 SLO: 99.5% uptime per month (HTTP 200/201 to /health)",
        check: "health",
        window: { days: 30 },
        thresholds: {
          direction: "below",
          warn: 99.9,
          crit: 99.5,
          source: "004 SLO: 99.5% per month (43 min budget); warn at 99.9%",
        },
      },
      {
        // The same month as minutes of downtime left: 0.5% of 30 days is 216 min; the runbook's "43 minutes"
        // is 0.1% (runbook note downtime-budget), where the uptime tile turns amber, so the budget does too.
        id: "error-budget",
        kind: "uptime",
        label: "Downtime budget left (30 days)",
        source: "004 SLO: 99.5% per month, downtime budget",
        check: "health",
        window: { days: 30 },
        budget: { sloPct: 99.5 },
        thresholds: {
          direction: "below",
          warn: 173,
          crit: 0,
          source: "004 SLO: 216 min at 99.5%; warn once 43 min (the runbook's budget line) are spent",
        },
      },
      {
        id: "data-freshness",
        kind: "http",
        label: "Data freshness (last sync)",
        source: "004 P2: data_status.last_sync_at",
        url: `${api}/health`,
        value: { path: "data_status.last_sync_at", age: "hours", unit: "h" },
        thresholds: { direction: "above", crit: 24, source: "004 SLO: synced within 24 h" },
      },
      {
        id: "latency-p95",
        kind: "prometheus",
        label: "P95 latency",
        source: "004 SLO",
        url: `${api}/metrics`,
        series: "latency-p95",
        windowSec: 300,
        thresholds: { direction: "above", crit: 500, source: "004 SLO: P95 < 500 ms" },
      },
      {
        id: "latency-p99",
        kind: "prometheus",
        label: "P99 latency",
        source: "004 SLO",
        url: `${api}/metrics`,
        series: "latency-p99",
        windowSec: 300,
        thresholds: { direction: "above", crit: 2000, source: "004 SLO: P99 < 2000 ms" },
      },
      {
        id: "error-rate",
        kind: "prometheus",
        label: "5xx error rate",
        source: "004 SLO",
        url: `${api}/metrics`,
        series: "error-rate",
        windowSec: 300,
        thresholds: { direction: "above", crit: 1, source: "004 SLO: < 1% 5xx" },
      },
      {
        id: "cache-hit-rate",
        kind: "http",
        label: "Cache hit rate",
        source: "004 P1 step 4",
        url: `${api}/admin/cache/stats`,
        ...admin,
        value: { path: "hit_rate", unit: "" },
        thresholds: { direction: "below", warn: 0.5, crit: 0.2, source: "004: 0.75 good, 0.1 bad" },
      },
      {
        id: "db-pool",
        kind: "http",
        label: "DB pool checked out",
        source: "004 P1 step 3",
        url: `${api}/admin/db/pool`,
        ...admin,
        value: { path: "checked_out", of: "pool_size", unit: "%" },
        thresholds: { direction: "above", warn: 70, crit: 90, source: "004: checked_out = pool_size is bad" },
      },
      ...ciaDiagnosisChecks(api, env),
    ],
    gauges: [
      { check: "error-budget" },
      { check: "latency-p95" },
      { check: "latency-p99" },
      { check: "error-rate" },
      { check: "db-pool" },
    ],
    triggers: [
      {
        id: "health-3-failures",
        label: "3 consecutive health failures",
        check: "health",
        kind: "consecutive",
        signal: "failure",
        crit: { count: 3 },
        source: "004 P0: health check failing",
      },
      {
        id: "db-pool-90",
        label: "DB pool > 90%",
        check: "db-pool",
        kind: "instant",
        warn: { threshold: 70 },
        crit: { threshold: 90, recover: 85 },
        source: "004 P1 step 3: checked_out = pool_size",
      },
      ...CIA_DIAGNOSIS_TRIGGERS,
    ],
    templates: CUSTOMER_INTELLIGENCE_TEMPLATES,
    severityRules: [
      {
        id: "db-unreachable",
        label: "CIA database unreachable",
        checks: ["db-ping"],
        match: "any",
        severity: "P0",
        source: "004 P0 cause A: database connection failed",
      },
    ],
    scale: CUSTOMER_INTELLIGENCE_SCALE,
    notes: CUSTOMER_INTELLIGENCE_NOTES,
    checklists: CUSTOMER_INTELLIGENCE_CHECKLISTS,
    postmortem: {
      dueWithinHours: 48,
      source: "Post-Incident Review: complete within 48 hours of resolution",
    },
    actions: customerIntelligenceActions(api),
  };
}
