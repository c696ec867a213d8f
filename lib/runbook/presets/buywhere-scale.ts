import type { SeverityScaleInput } from "@/lib/model/severity-scale-schema";

/**
 * BuyWhere's scale is the incident runbook's (000 §1, §4.2, appendix). Launch day (001 §5.2) names its
 * ranks one lower: its P1 "service down or data at risk" is 000's P0, its P2 "major feature broken" is
 * 000's P1, and its P3/P4 are triage after the launch window, not incidents on the board.
 */
export const BUYWHERE_SCALE: SeverityScaleInput = {
  basis:
    "incident runbook 000 §1 (P0–P2). Launch day 001 §5.2's P1 (service down) is this P0, its P2 (major feature broken) this P1; its P3/P4 are triage: what fails below P2 is named for #us-launch-ops",
  levels: {
    P0: {
      label: "P0",
      definition: "Full API down — all requests failing or health check failing",
      examples: "/health returns non-200; all searches fail; DB unreachable",
      respondWithinMinutes: 5,
      owner: "Rex + Bolt",
      source: "incident §1 (launch day §5.2 calls this P1)",
    },
    P1: {
      label: "P1",
      definition: "Severe degradation — API partially up but critical paths broken",
      examples: "search > 5 s p99; affiliate redirects broken; DB pool > 90%; error rate > 5%",
      respondWithinMinutes: 15,
      owner: "Rex + domain owner",
      source: "incident §1 (launch day §5.2 calls this P2)",
    },
    P2: {
      label: "P2",
      definition: "Single retailer or feature degraded — core product still functional",
      examples: "Amazon results missing; USD pricing wrong on one source; single /go/ ASIN broken",
      respondWithinMinutes: 60,
      owner: "Domain owner",
      source: "incident §1",
    },
  },
  escalate: [
    { from: "P1", to: "P0", afterMinutes: 30, source: "incident §1 escalation rule, §4.2 P1 T+30m" },
    { from: "P2", to: "P1", afterMinutes: 120, source: "incident §1 escalation rule, §4.2 P2 T+2h" },
  ],
  ladder: {
    P0: [
      { atMinutes: 0, who: "Rex acknowledges, posts to #incidents-critical", source: "incident §4.2" },
      { atMinutes: 5, who: "Bolt engaged on infra diagnosis", source: "incident §4.2" },
      { atMinutes: 10, who: "Domain owner (Sol/Link/Atlas) engaged", source: "incident §4.2" },
      { atMinutes: 20, who: "Vera notified (DM)", source: "incident §4.2" },
      { atMinutes: 30, who: "All-hands war room; consider public status update", source: "incident §4.2" },
    ],
    P1: [
      { atMinutes: 0, who: "Domain owner notified in #incidents", source: "incident §4.2" },
      { atMinutes: 10, who: "Rex engaged", source: "incident §4.2" },
      { atMinutes: 20, who: "Rex posts status to #us-launch-ops", source: "incident §4.2" },
    ],
    P2: [
      { atMinutes: 0, who: "Domain owner triages in #us-launch-ops", source: "incident §4.2" },
      { atMinutes: 30, who: "Rex aware (check-in comment)", source: "incident §4.2" },
    ],
  },
  // Launch day §5.2 names the same incidents one rank higher and engages people at its own minutes; inside the
  // launch window (T-2h … T+4h) its ladder is the one the room runs. Its P3/P4 have no ladder: P2 keeps 000's.
  launchWindowLadder: {
    source: "launch day §5.2",
    ladder: {
      P0: [
        { atMinutes: 0, who: "Rex acknowledged, joins #incidents-critical", source: "launch day §5.2 P1" },
        { atMinutes: 10, who: "Bolt engaged if infra issue", source: "launch day §5.2 P1" },
        { atMinutes: 20, who: "Vera notified (DM)", source: "launch day §5.2 P1" },
        { atMinutes: 30, who: "All-hands if not resolved", source: "launch day §5.2 P1" },
      ],
      P1: [
        { atMinutes: 0, who: "Agent responsible for the area", source: "launch day §5.2 P2" },
        { atMinutes: 15, who: "Rex aware (post in #us-launch-ops)", source: "launch day §5.2 P2" },
        { atMinutes: 30, who: "Rex engaged if not resolved", source: "launch day §5.2 P2" },
      ],
      P2: [
        { atMinutes: 0, who: "Domain owner triages in #us-launch-ops", source: "incident §4.2" },
        { atMinutes: 30, who: "Rex aware (check-in comment)", source: "incident §4.2" },
      ],
    },
  },
  tree: [
    {
      id: "health",
      label: "API /health failing",
      checks: ["api-health"],
      test: "any-crit",
      severity: "P0",
      action: "Check containers (2.2) and the DB (2.3); start the rollback timer",
      passed: "API /health answering",
      source: "incident appendix: severity decision tree",
    },
    {
      id: "search-failing",
      label: "search returning no results",
      // Named: the per-retailer search is the table's P2 (severity rule one-retailer-degraded), not this.
      checks: ["search-laptop", "search-iphone"],
      test: "any-crit",
      severity: "P1",
      action: "Check the DB (2.3) and error logs (2.5)",
      source: "incident appendix: severity decision tree",
    },
    {
      id: "search-slow",
      label: "search slow: P99 ms > 5 s",
      checks: ["latency-p99-search"],
      test: "above",
      threshold: 5000,
      severity: "P1",
      action: "Check the DB pool (2.3) and Redis (2.4)",
      passed: "search returning results, P99 ≤ 5 s",
      source: "incident appendix: severity decision tree",
    },
    {
      id: "db-pool",
      label: "DB pool % > 90%",
      checks: ["db-pool"],
      test: "above",
      threshold: 90,
      severity: "P1",
      source: "incident §1 P1: DB pool > 90%",
    },
    {
      id: "redirects-broken",
      label: "affiliate redirects broken",
      checkKind: "redirect",
      test: "all-crit",
      severity: "P1",
      action: "Notify Link",
      source: "incident appendix: severity decision tree",
    },
    {
      id: "one-redirect-broken",
      label: "one affiliate redirect broken",
      checkKind: "redirect",
      test: "any-crit",
      severity: "P2",
      passed: "affiliate redirects working",
      source: "incident §1 P2: single /go/ ASIN broken",
    },
    {
      id: "error-rate-p1",
      label: "error rate % > 5%",
      checks: ["error-rate"],
      test: "above",
      threshold: 5,
      severity: "P1",
      source: "incident appendix: error rate > 5% → P1",
    },
    {
      id: "error-rate-p2",
      label: "error rate % 1–5%",
      checks: ["error-rate"],
      test: "at-least",
      threshold: 1,
      severity: "P2",
      action: "Monitor",
      source: "incident appendix: error rate 1–5% → P2, monitor",
    },
    {
      id: "error-rate-low",
      label: "error rate % < 1%",
      checks: ["error-rate"],
      test: "at-least",
      threshold: 0,
      severity: null,
      source: "incident appendix: error rate < 1% → not an incident (yet)",
    },
  ],
  treeOtherwise: "error rate unreadable: no suggestion from the last branch",
  triage: {
    label: "P3/P4",
    action: "Triage in #us-launch-ops; fix after stabilisation, not during the launch window",
    source: "launch day §5.2: P3/P4 (medium/low)",
  },
};
