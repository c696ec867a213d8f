import type { ChecklistInput } from "@/lib/model/checklist-schema";
import { entry, tick } from "@/lib/runbook/presets/checklist-items";

/**
 * Deal Scout's (003) manual steps as ticks and what other systems showed as entries, per scenario. The
 * on-call engineer runs the runbooks, the senior engineer owns the database and code review, the
 * engineering lead has deployment authority (003 Escalation Path).
 */
export const DEAL_SCOUT_CHECKLISTS: ChecklistInput[] = [
  {
    id: "error-rate",
    label: "High Error Rate: investigation",
    phase: "incident",
    scenarios: ["error-rate"],
    source: "003 High Error Rate › Investigation, Resolution, Escalation",
    items: [
      tick(
        "error-pattern",
        "oncall",
        "Identify the error pattern: all endpoints or specific ones? new errors or an existing issue escalating? tied to a time or event?",
      ),
      entry(
        "ebay-health",
        "oncall",
        "eBay API",
        "eBay API health: curl -s https://api.ebay.com/api/health answered",
      ),
      tick(
        "code-changes",
        "oncall",
        "Recent code changes reviewed: git log --oneline -10; git diff HEAD~1..HEAD",
      ),
      tick(
        "endpoint-logs",
        "oncall",
        'Specific endpoint failing: docker-compose logs backend | grep "<endpoint>"; image version from docker-compose ps',
      ),
      entry(
        "paged",
        "role:lead",
        "PagerDuty",
        "Error rate still > 5% after 15 minutes: on-call engineer paged",
      ),
    ],
  },
  {
    id: "database",
    label: "Database Unreachable: resolution and recovery",
    phase: "incident",
    scenarios: ["database", "db-locked"],
    source: "003 Database Unreachable › Immediate Actions, Resolution, Recovery Checklist",
    items: [
      entry(
        "stop-traffic",
        "oncall",
        "load balancer",
        "Application traffic stopped: connections drained at the load balancer, no new requests accepted",
      ),
      tick(
        "free-disk",
        "oncall",
        "Out of disk space: old logs and backups deleted, PostgreSQL restarted, recovery watched",
      ),
      entry(
        "rds-failover",
        "senior",
        "AWS RDS",
        "Replication lag (RDS): failover to the replica done (aws rds failover-db-cluster --db-cluster-identifier deal-scout)",
      ),
      tick("tables-accessible", "senior", "Recovery: tables accessible and not corrupted"),
      tick("traffic-resumed", "oncall", "Recovery: traffic resumed"),
    ],
  },
  {
    id: "redis",
    label: "Redis Unreachable: resolution",
    phase: "incident",
    scenarios: ["redis"],
    source: "003 Redis Unreachable › Resolution",
    items: [
      tick(
        "out-of-memory",
        "oncall",
        "Out of memory: non-critical processes killed, max memory reduced, old data cleared (redis-cli FLUSHALL clears all data)",
      ),
      tick(
        "corrupted",
        "oncall",
        "Corrupted: dump.rdb backed up to dump.rdb.backup and removed, redis restarted",
      ),
    ],
  },
  {
    id: "queue",
    label: "Task Queue Stuck: resolution",
    phase: "incident",
    scenarios: ["queue"],
    source: "003 Task Queue Stuck › Resolution",
    items: [
      tick(
        "purge",
        "oncall",
        "Workers completely stuck: tasks purged with celery -A app.worker purge (clears ALL tasks)",
      ),
    ],
  },
  {
    id: "memory",
    label: "Memory Issues: root cause",
    phase: "incident",
    scenarios: ["memory"],
    source: "003 Memory Issues › Resolution › Permanent",
    items: [
      tick(
        "leak",
        "senior",
        "Memory leak source identified, fix planned for the next release, recurrence watched",
      ),
    ],
  },
  {
    id: "disk",
    label: "Disk Full: cleanup and prevention",
    phase: "incident",
    scenarios: ["disk"],
    source: "003 Disk Full › Resolution, Prevention",
    items: [
      tick("tmp-files", "oncall", "Temporary: temp files removed (rm -rf /tmp/* /var/tmp/*)"),
      entry(
        "logrotate",
        "senior",
        "logrotate",
        "Prevention: log rotation set up in /etc/logrotate.d/deal-scout (daily, rotate 7, compress)",
      ),
    ],
  },
  {
    id: "latency",
    label: "API Latency: resolution",
    phase: "incident",
    scenarios: ["latency"],
    source: "003 API Latency › Resolution",
    items: [
      tick("indexes", "senior", "Indexes added: psql $DATABASE_URL < scripts/optimize_database.sql"),
      tick(
        "flush-cache",
        "oncall",
        "Cache cleared: redis-cli FLUSHALL (flushes all cache, triggering refresh)",
      ),
    ],
  },
  {
    id: "marketplace",
    label: "Marketplace Integration Failures: status and resolution",
    phase: "incident",
    scenarios: ["marketplace"],
    source: "003 Marketplace Integration Failures › Investigation, Resolution",
    items: [
      entry(
        "ebay-status",
        "oncall",
        "eBay status",
        "eBay API status: https://status.ebay.com and @eBayAPIPlatform say",
      ),
      tick(
        "ebay-down",
        "oncall",
        "eBay API down: waited for restoration, /health watched, scanning resumed once it is up",
      ),
      tick(
        "credentials",
        "oncall",
        "Credentials invalid: OAuth token refreshed, credentials updated, scanner restarted",
      ),
      tick(
        "rate-limited",
        "oncall",
        "Rate limited: scan frequency reduced, exponential backoff, quota usage checked",
      ),
    ],
  },
  {
    id: "notifications",
    label: "Notification Delivery Failures: resolution",
    phase: "incident",
    scenarios: ["notifications"],
    source: "003 Notification Delivery Failures › Resolution",
    items: [
      entry(
        "smtp-provider",
        "oncall",
        "email provider",
        "SMTP server down: email provider contacted, its status page watched; notifications retried once restored",
      ),
      tick(
        "smtp-credentials",
        "oncall",
        "Credentials invalid: SMTP credentials updated, connection tested, application restarted",
      ),
      tick(
        "smtp-rate-limited",
        "oncall",
        "Rate limited: sending frequency reduced, notifications batched, provider limits checked",
      ),
    ],
  },
  {
    id: "escalation",
    label: "Escalation",
    phase: "incident",
    source: "003 Escalation Policy › Contact Information",
    items: [
      entry(
        "paged-contacts",
        "role:lead",
        "PagerDuty, email",
        "Escalation sent: PagerDuty rotation paged, team@example.com emailed (Slack #deal-scout-incidents by the comms panel)",
      ),
    ],
  },
  {
    id: "rollback",
    label: "Rollback Procedure: pre- and post-rollback",
    phase: "incident",
    source: "003 Rollback Procedure › Pre-Rollback, Post-Rollback",
    items: [
      tick(
        "from-deployment",
        "oncall",
        "Pre-rollback: the issue is from the recent deployment (git log --oneline -5)",
      ),
      tick(
        "good-version",
        "oncall",
        'Pre-rollback: previous good version identified (git log --oneline | grep -i "stable\\|release")',
      ),
      tick(
        "back-to-good",
        "lead",
        "Post-rollback: back on the good version (git checkout main; git pull origin main)",
      ),
    ],
  },
  {
    id: "post-incident",
    label: "After the rollback or incident",
    phase: "post-incident",
    source: "003 Rollback Procedure › Post-Rollback",
    items: [
      tick(
        "root-cause-analysis",
        "senior",
        "Root cause analysis once the incident is stable: what went wrong, preventive measures",
      ),
    ],
  },
];
