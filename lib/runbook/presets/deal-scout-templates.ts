import type { PlaceholderInput, TemplateInput } from "@/lib/model/comms-schema";

/**
 * Deal Scout's messages (003), word for word where the runbook has words: the post-rollback notice and
 * the post-incident review's questions. Its contacts: Slack #deal-scout-incidents, email team@example.com.
 */
const CHANNELS = ["#deal-scout-incidents", "team@example.com"];
const manual = (key: string, label: string, hint: string): PlaceholderInput => ({
  key,
  label,
  source: { from: "manual", hint },
});

export const DEAL_SCOUT_TEMPLATES: TemplateInput[] = [
  {
    id: "rollback-complete",
    title: "Rollback completed",
    channels: CHANNELS,
    when: "Post-Rollback 1: notify the team",
    source: "003 Rollback Procedure › Post-Rollback",
    text: "Rollback completed. System stable.\nRolled back: {{what}}\nWhy: {{reason}}",
    placeholders: [
      manual("what", "what was rolled back", "What was rolled back"),
      { key: "reason", label: "why", source: { from: "rollback", field: "reason" } },
    ],
  },
  {
    id: "post-incident-review",
    title: "Post-incident review",
    channels: CHANNELS,
    when: "After any SEV1/SEV2 incident (CRITICAL or HIGH: runbook note severity-names)",
    source: "003 Post-Incident Review",
    text: "Post-incident review: {{incident}} ({{severity}})\n\n1. Timeline\n- When was it detected? {{detected}}\n- When was it resolved? {{resolved}}\n- Total duration? {{minutes}} min\n\n2. Root Cause\n- What caused it? {{cause}}\n- Why wasn't it caught earlier? {{not_caught}}\n\n3. Impact\n- How many users affected? {{users}}\n- Data loss? {{data_loss}}\n- Revenue impact? {{revenue}}\n\n4. Prevention\n- What monitoring/alerts needed? {{monitoring}}\n- What code changes needed? {{code}}\n- What process improvements? {{process}}\n\n5. Action Items\n{{action_items}}",
    placeholders: [
      { key: "incident", label: "incident", source: { from: "incident", field: "title" } },
      { key: "severity", label: "severity", source: { from: "incident", field: "severity" } },
      {
        key: "detected",
        label: "detected",
        source: { from: "time", at: "incident-start", zone: "utc" },
      },
      { key: "resolved", label: "resolved", source: { from: "time", at: "incident-end", zone: "utc" } },
      { key: "minutes", label: "duration", source: { from: "incident-duration" } },
      manual("cause", "root cause", "What caused it?"),
      manual("not_caught", "why not caught earlier", "Why wasn't it caught earlier?"),
      manual("users", "users affected", "How many users affected?"),
      manual("data_loss", "data loss", "Yes / No"),
      manual("revenue", "revenue impact", "Revenue impact?"),
      manual("monitoring", "monitoring needed", "What monitoring/alerts needed?"),
      manual("code", "code changes", "What code changes needed?"),
      manual("process", "process improvements", "What process improvements?"),
      manual("action_items", "action items", "- item (owner, target date); track completion"),
    ],
  },
];
