import type { RunbookNote, SeverityScaleInput } from "@/lib/model/severity-scale-schema";
import { ERROR_RATE_STEPS, HEALTH_STEPS } from "@/lib/runbook/presets/deal-scout-steps";

const POLICY = "003 Escalation Policy";

/**
 * Deal Scout's own scale (003): each scenario names CRITICAL, HIGH or WARNING; the Escalation Policy gives
 * their response and resolution targets and the on-call → senior → lead ladder. It never changes an
 * incident's severity by itself, so there is no automatic escalation.
 */
export const DEAL_SCOUT_SCALE: SeverityScaleInput = {
  basis: "Deal Scout 003 severities: CRITICAL, HIGH, WARNING (ranked P0, P1, P2 here)",
  levels: {
    P0: {
      label: "CRITICAL",
      definition: "Errors, database or disk: the backend is failing its users",
      examples: "error rate > 5% for 5 min; PostgreSQL connection failed; disk space < 5%",
      respondWithinMinutes: 2,
      resolveWithinMinutes: 30,
      owner: "On-call engineer",
      source: `003 High Error Rate, Database Unreachable, Disk Full; ${POLICY} › Response Times`,
    },
    P1: {
      label: "HIGH",
      definition: "A dependency down or work piling up: degraded, still serving",
      examples: "Redis connection failed; celery queue depth > 1000 for 10 min",
      respondWithinMinutes: 5,
      resolveWithinMinutes: 60,
      owner: "On-call engineer",
      source: `003 Redis Unreachable, Task Queue Stuck; ${POLICY} › Response Times`,
    },
    P2: {
      label: "WARNING",
      definition: "Resource pressure or one integration failing",
      examples: "memory > 85% for 10 min; p95 > 500 ms; eBay errors > 10 in 5 min; email failures > 10%",
      respondWithinMinutes: 15,
      resolveWithinMinutes: 240,
      owner: "On-call engineer",
      source: `003 Memory Issues, API Latency, Marketplace, Notification; ${POLICY} › Response Times`,
    },
  },
  escalate: [],
  ladder: {
    P0: [
      { atMinutes: 0, who: "On-call engineer: first responder, runs the runbook", source: `${POLICY} › 1` },
      { atMinutes: 15, who: "Senior engineer engaged (code review, database)", source: `${POLICY} › 2` },
      { atMinutes: 30, who: "Engineering lead engaged (deployment authority)", source: `${POLICY} › 3` },
    ],
    P1: [
      { atMinutes: 0, who: "On-call engineer: first responder, runs the runbook", source: `${POLICY} › 1` },
      { atMinutes: 30, who: "Senior engineer engaged (code review, database)", source: `${POLICY} › 2` },
    ],
    P2: [
      { atMinutes: 0, who: "On-call engineer: first responder, runs the runbook", source: `${POLICY} › 1` },
    ],
  },
  tree: [
    {
      id: "health",
      label: "backend /health failing (database or Redis not ok)",
      checks: ["health"],
      test: "any-crit",
      severity: "P0",
      action:
        "Database Unreachable is CRITICAL, Redis Unreachable HIGH: /health cannot tell which, so the worse",
      steps: HEALTH_STEPS,
      passed: "backend /health answering",
      source: "003 Database Unreachable, Redis Unreachable",
    },
    {
      id: "error-rate",
      label: "error rate > 5%",
      checks: ["error-rate"],
      test: "any-crit",
      severity: "P0",
      action: "High Error Rate runbook",
      steps: ERROR_RATE_STEPS,
      passed: "error rate ≤ 5%",
      source: "003 High Error Rate: CRITICAL",
    },
    {
      id: "disk",
      label: "disk space < 5% free",
      checks: ["disk"],
      test: "any-crit",
      severity: "P0",
      action: "Disk Full runbook",
      steps: [
        "df -h; du -sh /*",
        "find / -type f -size +100M (large files)",
        "Clean log files, old database backups, Docker logs",
      ],
      source: "003 Disk Full: CRITICAL",
    },
    {
      id: "queue",
      label: "celery queue depth > 1000",
      checks: ["celery-queue", "queue-depth"],
      test: "any-crit",
      severity: "P1",
      action: "Task Queue Stuck runbook",
      steps: [
        "redis-cli LLEN celery; celery -A app.worker inspect active / stats",
        "docker-compose ps worker; docker-compose logs worker | tail -50",
        "docker-compose ps beat; docker-compose logs beat | tail -50",
      ],
      source: "003 Task Queue Stuck: HIGH",
    },
    {
      id: "memory",
      label: "memory > 85%",
      checks: ["memory"],
      test: "not-ok",
      severity: "P2",
      action: "Memory Issues runbook",
      steps: [
        "docker stats: which service uses the memory",
        "docker-compose exec backend free -h",
        "watch docker stats --no-stream for growth (a leak)",
      ],
      source: "003 Memory Issues: WARNING",
    },
    {
      id: "latency",
      label: "p95 latency > 500 ms",
      checks: ["latency-p95"],
      test: "not-ok",
      severity: "P2",
      action: "API Latency runbook",
      steps: [
        "Slow queries: pg_stat_statements by mean_exec_time",
        "Load: requests_total in /metrics; connections in pg_stat_activity",
        "docker stats backend",
      ],
      source: "003 API Latency: WARNING",
    },
  ],
  treeOtherwise: "no alert of the runbook is firing: not an incident (yet)",
};

export const DEAL_SCOUT_NOTES: RunbookNote[] = [
  {
    id: "severity-names",
    topic: "Severity names",
    sides: "Scenarios say CRITICAL/HIGH/WARNING; Post-Incident Review says 'after any SEV1/SEV2 incident'",
    took: "CRITICAL and HIGH are SEV1 and SEV2: a review is due after either",
    why: "The review section uses the only other names the runbook has, and two levels match the two worst",
    source: "003 Escalation Policy; Post-Incident Review",
  },
  {
    id: "executive-rung",
    topic: "Executive / customer rung",
    sides: "Escalation Path step 4: 'if SLA breached or multi-hour outage', with no minute",
    took: "Not on the ladder's clock; the resolution target turning overdue is the cue",
    why: "The runbook gives no time to count to, and warroom does not invent one",
    source: "003 Escalation Policy › 4",
  },
  {
    id: "prune-images",
    topic: "docker system prune -a",
    sides: "Disk Full says 'docker system prune -a'; BuyWhere's runbooks prune only the build cache",
    took: "Warroom never runs it",
    why: "-a deletes every image no container uses, including the previous release a rollback needs",
    source: "003 Disk Full",
  },
];
