import type { RunbookNote, SeverityScaleInput } from "@/lib/model/severity-scale-schema";
import { DEAL_SCOUT_TREE } from "@/lib/runbook/presets/deal-scout-tree";

const POLICY = "003 Escalation Policy";

/**
 * Deal Scout's own scale (003): each scenario names CRITICAL, HIGH or WARNING; the Escalation Policy gives
 * their response and resolution targets and the on-call → senior → lead ladder, then the executive on a
 * condition. It never changes an incident's severity by itself, so there is no automatic escalation.
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
  // Step 4 has a condition, not a minute: due when the level's resolution target passes or at 2 h open.
  conditionRungs: [
    {
      id: "executive",
      who: "Executive / customer: CEO/VP notified, customer communication",
      resolveOverdue: true,
      openMinutes: 120,
      source: `${POLICY} › 4: if SLA breached or multi-hour outage (runbook note executive-rung)`,
    },
  ],
  tree: DEAL_SCOUT_TREE,
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
    sides:
      "Escalation Path step 4: 'if SLA breached or multi-hour outage', with no minute; its only targets are the Response Times table's",
    took: "A rung on every ladder, due at the first of: the level's resolution time passed (30 min / 1 h / 4 h: the SLA breached), the incident open 2 h (multi-hour)",
    why: "The runbook's conditions, not a minute: the resolution time is the only SLA it states, and 'multi-hour' starts at 2 h",
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
