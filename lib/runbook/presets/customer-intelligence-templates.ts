import type { PlaceholderInput, TemplateInput } from "@/lib/model/comms-schema";

/**
 * The Customer Intelligence API's messages (004), word for word; only the bracketed blanks became
 * `{{placeholders}}`. The runbook file's emoji are mis-decoded (🚨 reads "üö®"): the templates carry the
 * emoji it meant. Times are UTC, as the runbook writes them.
 */

const manual = (key: string, label: string, hint: string): PlaceholderInput => ({
  key,
  label,
  source: { from: "manual", hint },
});
const STARTED = {
  key: "started",
  label: "started",
  source: { from: "time", at: "incident-start", zone: "utc", format: "time" },
} satisfies PlaceholderInput;
const NEXT_UPDATE = {
  key: "next_update",
  label: "next update",
  source: { from: "time", at: "next-update", zone: "utc", format: "time-zone" },
} satisfies PlaceholderInput;
const ROOT_CAUSE = manual("root_cause", "root cause", "If identified");
const ACTION = manual("action", "current action", "What we're doing");

export const CUSTOMER_INTELLIGENCE_TEMPLATES: TemplateInput[] = [
  {
    id: "p0-outage",
    title: "P0 incident: API outage",
    channels: ["Slack", "Email"],
    when: "P0: update every 15 minutes until resolved",
    source: "004 P0 Communication Template",
    cadence: { everyMinutes: 15, severities: ["P0"] },
    text: '🚨 P0 INCIDENT: API Outage\n\nStatus: {{status}}\nStarted: {{started}} UTC\nImpact: All API requests failing\nETA: {{eta}}\n\nRoot Cause: {{root_cause}}\nCurrent Action: {{action}}\n\nNext Update: {{next_update}} or "When resolved"\n\nStatus Page: https://status.yourdomain.com',
    placeholders: [
      manual("status", "status", "INVESTIGATING / IDENTIFIED / RESOLVED"),
      STARTED,
      manual("eta", "ETA", "TIME or UNKNOWN"),
      ROOT_CAUSE,
      ACTION,
      NEXT_UPDATE,
    ],
  },
  {
    id: "p1-degraded",
    title: "P1 incident: degraded performance",
    channels: ["Slack", "Email"],
    when: "P1: update every 30 minutes",
    source: "004 P1 Communication Template",
    cadence: { everyMinutes: 30, severities: ["P1"] },
    text: "⚠️ P1 INCIDENT: Degraded Performance\n\nStatus: {{status}}\nStarted: {{started}} UTC\nImpact: API responses slower than normal (>2s)\nCustomer Impact: {{customer_impact}}\n\nRoot Cause: {{root_cause}}\nCurrent Action: {{action}}\n\nWorkaround: System is functional, just slower\nNext Update: {{next_update}}",
    placeholders: [
      manual("status", "status", "INVESTIGATING / IDENTIFIED / MONITORING"),
      STARTED,
      manual("customer_impact", "customer impact", "MINOR / MODERATE"),
      ROOT_CAUSE,
      ACTION,
      NEXT_UPDATE,
    ],
  },
  {
    id: "incident-record",
    title: "Incident record (incidents/YYYY-MM-DD-incident-name.md)",
    channels: ["incidents/ in the repository"],
    when: "Post-incident review: complete within 48 hours of resolution",
    source: "004 Post-Incident Review › 1. Document Incident",
    text: "# Incident: {{name}}\n\n**Date:** {{date}}\n**Severity:** {{severity}}\n**Duration:** {{start}} - {{end}} ({{minutes}} min)\n**Status:** RESOLVED\n\n## Timeline\n\n{{timeline}}\n\n## Impact\n\n- **Users Affected:** {{users}}\n- **Services Affected:** {{services}}\n- **Data Loss:** {{data_loss}}\n- **Financial Impact:** {{financial}}\n\n## Root Cause\n\n{{root_cause}}\n\n## Resolution\n\n{{resolution}}\n\n## Prevention\n\n{{prevention}}",
    placeholders: [
      { key: "name", label: "incident", source: { from: "incident", field: "title" } },
      {
        key: "date",
        label: "date",
        source: { from: "time", at: "incident-start", zone: "utc", format: "date" },
      },
      { key: "severity", label: "severity", source: { from: "incident", field: "severity" } },
      { key: "start", label: "start", source: { from: "time", at: "incident-start", zone: "utc" } },
      { key: "end", label: "end", source: { from: "time", at: "incident-end", zone: "utc" } },
      { key: "minutes", label: "duration", source: { from: "incident-duration" } },
      manual(
        "timeline",
        "timeline",
        "HH:MM detected (how?), investigation started, root cause identified, fix applied, recovered, closed — the post-mortem download has the board's own",
      ),
      manual("users", "users affected", 'NUMBER or "All"'),
      manual("services", "services affected", "List"),
      manual("data_loss", "data loss", "Yes / No"),
      manual("financial", "financial impact", "$AMOUNT or N/A"),
      manual("root_cause", "root cause", "Detailed explanation of what went wrong"),
      manual("resolution", "resolution", "What we did to fix it"),
      manual("prevention", "prevention", "- [ ] Action item (Owner: Name, Due: Date)"),
    ],
  },
];
