import type { RunbookInput } from "@/lib/model/runbook-schema";

/**
 * The Slack channels of incident §4.3 and launch-day §5.3, each with the variable that holds its own
 * incoming webhook (Slack binds a webhook to one channel). A channel whose variable is unset is posted
 * through WARROOM_SLACK_WEBHOOK_URL, and the comms panel says so. The two runbooks number severities
 * differently (runbook note severity-scale): incident's P0 is launch-day's P1.
 */
export const BUYWHERE_SLACK_CHANNELS: NonNullable<RunbookInput["slackChannels"]> = [
  {
    channel: "#us-launch-ops",
    webhookEnv: "WARROOM_SLACK_WEBHOOK_US_LAUNCH_OPS",
    use: "Primary launch war room — all status updates here",
    source: "incident §4.3, launch-day §5.3",
  },
  {
    channel: "#incidents",
    webhookEnv: "WARROOM_SLACK_WEBHOOK_INCIDENTS",
    use: "P1/P2 incidents (launch-day: P2+)",
    source: "incident §4.3, launch-day §5.3",
  },
  {
    channel: "#incidents-critical",
    webhookEnv: "WARROOM_SLACK_WEBHOOK_INCIDENTS_CRITICAL",
    use: "P0 only — all-hands (launch-day: P1 only)",
    source: "incident §4.3, launch-day §5.3",
  },
  {
    channel: "#us-alerts",
    webhookEnv: "WARROOM_SLACK_WEBHOOK_US_ALERTS",
    use: "Auto-alerts from uptime monitor",
    source: "incident §4.3, launch-day §5.3",
  },
];
