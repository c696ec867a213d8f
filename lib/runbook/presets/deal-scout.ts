import type { RunbookInput } from "@/lib/model/runbook-schema";
import type { PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";
import { dealScoutActions } from "@/lib/runbook/presets/deal-scout-actions";
import { DEAL_SCOUT_CHECKLISTS } from "@/lib/runbook/presets/deal-scout-checklists";
import {
  DEAL_SCOUT_GAUGES,
  dealScoutChecks,
  dealScoutTargets,
} from "@/lib/runbook/presets/deal-scout-checks";
import { DEAL_SCOUT_NOTES, DEAL_SCOUT_SCALE } from "@/lib/runbook/presets/deal-scout-scale";
import { DEAL_SCOUT_TEMPLATES } from "@/lib/runbook/presets/deal-scout-templates";

/**
 * Deal Scout incident runbooks (003). No launch date is given: T-0 is a placeholder that
 * WARROOM_LAUNCH_AT moves. Levels are the runbook's alert thresholds; their "for N minutes" parts
 * are rules over time, not gauge levels.
 */
export function buildDealScout(env: PresetEnv): RunbookInput {
  const { api, apiUrl, diskPath, project } = dealScoutTargets(env);
  return {
    id: "deal-scout",
    name: "Deal Scout",
    system: "Deal Scout backend",
    launch: { local: "2026-05-01T09:00", timeZone: "UTC" },
    // An incident-response runbook: no launch, no deploy window of its own.
    modes: ["incident"],
    // 003 Escalation Policy › Escalation Path; on-call comes from the PagerDuty rotation (Contact Information).
    people: [
      { id: "oncall", name: "On-call engineer", role: "lead", domain: "overall", title: "First responder" },
      {
        id: "senior",
        name: "Senior engineer",
        role: "owner",
        domain: "backend",
        title: "Code review, database",
      },
      { id: "lead", name: "Engineering lead", role: "exec", title: "Deployment authority" },
    ],
    collector: { intervalMs: 5000, defaultTimeoutMs: 3000 },
    checks: [
      {
        id: "health",
        kind: "http",
        label: "Backend /health",
        source: "003 High Error Rate: verify service health (db, redis, queue_depth)",
        url: `${api}/health`,
        json: [
          { path: "db", equals: "ok" },
          { path: "redis", equals: "ok" },
        ],
      },
      {
        id: "queue-depth",
        kind: "http",
        label: "Celery queue depth",
        source: "003 Task Queue Stuck",
        url: `${api}/health`,
        value: { path: "queue_depth", unit: "" },
        thresholds: { direction: "above", crit: 1000, source: "003: queue depth > 1000 for 10 min" },
      },
      {
        id: "error-rate",
        kind: "prometheus",
        label: "Error rate",
        source: "003 High Error Rate",
        url: `${api}/metrics`,
        series: "error-rate",
        windowSec: 300,
        thresholds: { direction: "above", crit: 5, source: "003: error rate > 5% for 5 min" },
      },
      {
        id: "latency-p95",
        kind: "prometheus",
        label: "P95 latency",
        source: "003 API Latency",
        url: `${api}/metrics`,
        series: "latency-p95",
        windowSec: 300,
        thresholds: { direction: "above", warn: 500, source: "003: p95 > 500 ms (warning)" },
      },
      {
        id: "memory",
        kind: "host",
        label: "Memory used",
        source: "003 Memory Issues",
        measure: "memory",
        thresholds: { direction: "above", warn: 85, source: "003: memory > 85% for 10 min (WARNING)" },
      },
      {
        id: "disk",
        kind: "host",
        label: `Disk ${diskPath}`,
        source: "003 Disk Full",
        measure: "disk",
        path: diskPath,
        // Free < 5% is used > 95%.
        thresholds: { direction: "above", crit: 95, source: "003: disk space < 5% free (CRITICAL)" },
      },
      ...dealScoutChecks(env),
    ],
    gauges: [
      { check: "error-rate" },
      { check: "latency-p95" },
      { check: "queue-depth" },
      { check: "celery-queue" },
      { check: "memory" },
      { check: "disk" },
      ...DEAL_SCOUT_GAUGES,
    ],
    // 003: the alerts' "for N minutes" are rules over time; rollback is considered after 15 min > 5%.
    triggers: [
      {
        id: "error-rate-5m",
        label: "Error rate > 5% for 5 min",
        check: "error-rate",
        kind: "sustained",
        crit: { threshold: 5, forMinutes: 5, recover: 3 },
        source: "003 High Error Rate: alert",
      },
      {
        id: "rollback-error-rate-15m",
        label: "Error rate > 5% after 15 min",
        check: "error-rate",
        kind: "sustained",
        crit: { threshold: 5, forMinutes: 15, recover: 3 },
        rollback: true,
        source: "003 High Error Rate: remains > 5% after 15 minutes → consider rollback",
      },
      {
        id: "queue-10m",
        label: "Queue depth > 1000 for 10 min",
        check: "celery-queue",
        kind: "sustained",
        crit: { threshold: 1000, forMinutes: 10 },
        source: "003 Task Queue Stuck: alert",
      },
      {
        id: "queue-not-draining",
        label: "Queue depth > 1000, not decreasing over 5 min",
        check: "celery-queue",
        kind: "trend",
        warn: { threshold: 1000, forMinutes: 5 },
        source: "003 Task Queue Stuck recovery: queue depth decreasing",
      },
      {
        id: "memory-10m",
        label: "Memory > 85% for 10 min",
        check: "memory",
        kind: "sustained",
        warn: { threshold: 85, forMinutes: 10 },
        source: "003 Memory Issues: alert (WARNING)",
      },
    ],
    templates: DEAL_SCOUT_TEMPLATES,
    // 003 High Error Rate "check if recent deployment caused issue"; Rollback "verify issue is from recent deployment".
    likelyCause: { source: "003 Rollback: verify the issue is from a recent deployment" },
    scale: DEAL_SCOUT_SCALE,
    notes: DEAL_SCOUT_NOTES,
    checklists: DEAL_SCOUT_CHECKLISTS,
    actions: dealScoutActions({ apiUrl, project }, env),
  };
}
