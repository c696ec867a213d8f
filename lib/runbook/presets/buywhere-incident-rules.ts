import type { IncidentRollbackInput, SeverityRuleInput } from "@/lib/model/incident-rules-schema";

/**
 * Incident §1's severity table names P0 examples that its decision tree does not reach: the tree has no
 * database branch, and its "search returns NO results → P1" is about search failing while the rest
 * answers. One search failing stays P1 (tree); every search failing is the table's P0.
 */
export const BUYWHERE_SEVERITY_RULES: SeverityRuleInput[] = [
  {
    id: "db-unreachable",
    label: "DB unreachable",
    checks: ["db-primary"],
    severity: "P0",
    source: "incident §1 P0: DB unreachable",
  },
  {
    id: "all-searches-failing",
    label: "All searches failing",
    checks: ["search-laptop", "search-iphone", "search-iphone-v1"],
    match: "all",
    severity: "P0",
    source: "incident §1 P0: all searches fail",
  },
  {
    id: "one-retailer-degraded",
    label: "One retailer's results missing or mispriced",
    checks: ["search-retailers"],
    severity: "P2",
    source: "incident §1 P2: Amazon results missing; USD pricing wrong on one source",
  },
];

/** Both runbooks roll back a P1 left unresolved for 30 min; the automatic escalation to P0 keeps its clock. */
export const BUYWHERE_INCIDENT_ROLLBACK: IncidentRollbackInput[] = [
  {
    id: "rollback-p1-30min",
    label: "P1 unresolved after 30 min",
    atLeast: "P1",
    afterMinutes: 30,
    source: "incident §3.1: any P1 unresolved after 30 minutes; launch-day §4.1: P1 active > 30 min",
  },
];
