import type { PlaceholderInput, TemplateInput } from "@/lib/model/comms-schema";

/**
 * BuyWhere's communication templates, word for word from the runbooks (001 launch day, 000 incident
 * response, 002 deploy). Only the bracketed blanks became `{{placeholders}}`; "EST" in a blank is rendered
 * as the zone's real abbreviation (EDT on 23 April). Where the runbooks disagree (who leads a rollback,
 * 15 or 30 min between updates) each template keeps its own words.
 */

const NOW = { key: "time", label: "time", source: { from: "time" } } satisfies PlaceholderInput;
const NOW_UTC = {
  key: "time_utc",
  label: "time (UTC)",
  source: { from: "time", zone: "utc" },
} satisfies PlaceholderInput;
const NEXT_UPDATE = {
  key: "next_update",
  label: "next update",
  source: { from: "time", at: "next-update" },
} satisfies PlaceholderInput;
const ERROR_RATE = {
  key: "error_rate",
  label: "error rate",
  source: { from: "check", check: "error-rate" },
} satisfies PlaceholderInput;
const SEARCHES = {
  key: "searches",
  label: "searches",
  source: { from: "manual", hint: "searches — GA4 → Events → search" },
} satisfies PlaceholderInput;
const SEVERITY = {
  key: "severity",
  label: "severity",
  source: { from: "incident", field: "severity" },
} satisfies PlaceholderInput;
const DESCRIPTION = {
  key: "description",
  label: "incident",
  source: { from: "incident", field: "title" },
} satisfies PlaceholderInput;
const REASON = {
  key: "reason",
  label: "reason",
  source: { from: "rollback", field: "reason" },
} satisfies PlaceholderInput;
const manual = (key: string, label: string, hint: string): PlaceholderInput => ({
  key,
  label,
  source: { from: "manual", hint },
});

export const BUYWHERE_TEMPLATES: TemplateInput[] = [
  {
    id: "prelaunch-complete",
    title: "Pre-launch checklist complete (T-2h)",
    channels: ["#us-launch-ops"],
    when: "T-2h, when the pre-launch checklist is done",
    source: "launch-day §1.5",
    text: "Pre-launch checklist complete, T-2h. {{result}}",
    placeholders: [
      {
        key: "result",
        label: "checklist result",
        source: { from: "failing-checks", okText: "All green." },
      },
    ],
  },
  {
    id: "launch-post",
    title: "Launch commencing (T-0)",
    channels: ["#us-launch-ops"],
    when: "T-0, posted by Rex",
    source: "launch-day §2 T-0",
    text: "🚀 BuyWhere US Launch commencing — {{launch_time}} {{launch_date}}",
    placeholders: [
      { key: "launch_time", label: "launch time", source: { from: "time", at: "launch" } },
      { key: "launch_date", label: "launch date", source: { from: "time", at: "launch", format: "date" } },
    ],
  },
  {
    id: "t15-status",
    title: "T+15 status",
    channels: ["#us-launch-ops"],
    when: "T+15 initial health check",
    source: "launch-day §2 T+15",
    text: "T+15 status: {{status}} — latency: {{latency}}, error rate: {{error_rate}}, searches: {{searches}}",
    placeholders: [
      {
        key: "status",
        label: "status",
        source: {
          from: "status",
          checks: ["api-health", "latency-p50", "error-rate", "search-iphone", "search-laptop"],
        },
      },
      { key: "latency", label: "P50 latency", source: { from: "check", check: "latency-p50" } },
      ERROR_RATE,
      SEARCHES,
    ],
  },
  {
    id: "t1h-milestone",
    title: "T+1h milestone",
    channels: ["#us-launch-ops"],
    when: "T+1h stability check",
    source: "launch-day §2 T+1h",
    text: "✅ T+1h milestone: Launch stable. {{searches}} searches, {{sessions}} sessions, error rate {{error_rate}}.",
    placeholders: [SEARCHES, manual("sessions", "sessions", "sessions — GA4 real-time"), ERROR_RATE],
  },
  {
    id: "rollback-launch-day",
    title: "Rollback initiated (launch day)",
    channels: ["#us-launch-ops", "#incidents"],
    when: "Rex calls the rollback after consulting Bolt",
    source: "launch-day §4.2",
    text: "⚠️ ROLLBACK INITIATED — {{time}}\nReason: {{reason}}\nLead: Rex\nETA to stable: {{eta}}",
    placeholders: [NOW, REASON, manual("eta", "ETA", "estimate")],
  },
  {
    id: "rollback-incident",
    title: "Rollback initiated (incident response)",
    channels: ["#us-launch-ops", "#incidents-critical"],
    when: "Before rolling back",
    source: "incident §3.2",
    text: "⚠️ ROLLBACK INITIATED — {{time}}\nReason: {{reason}}\nLead: Bolt\nETA to stable: ~15 min\nNext update: {{next_update}}\n— Rex",
    placeholders: [NOW, REASON, NEXT_UPDATE],
  },
  {
    id: "rollback-deploy",
    title: "Rollback initiated (deploy)",
    channels: ["#us-launch-ops"],
    when: "Rex calls the rollback; post before executing",
    source: "deploy §5.1",
    text: "⚠️ ROLLBACK INITIATED — {{time}}\nReason: {{reason}}\nLead: Bolt\nETA: {{eta}}",
    placeholders: [NOW, REASON, manual("eta", "ETA", "estimate")],
  },
  {
    // Deploy §6 asks for the post but gives no words: these are warroom's, from the run itself.
    id: "rollback-complete",
    title: "Rollback complete (deploy §6)",
    channels: ["#us-launch-ops"],
    when: "After the rollback verification checklist passes",
    source: "deploy §6: post rollback complete status to #us-launch-ops (wording warroom's)",
    text: "✅ {{time}} Rollback complete\nReason: {{reason}}\nRun: {{outcome}}\nChecklist: {{checklist}}\n— Rex",
    placeholders: [
      NOW,
      REASON,
      { key: "outcome", label: "run outcome", source: { from: "rollback", field: "outcome" } },
      manual(
        "checklist",
        "verification checklist",
        "health, search, /go/ tag, Sentry < 0.5%, no new P1 in #us-alerts",
      ),
    ],
  },
  {
    id: "status-update",
    title: "Status update",
    channels: ["#us-launch-ops"],
    when: "Every 30 min during incidents (launch-day §5.4; the incident runbook says 15)",
    source: "launch-day §5.4",
    cadence: { everyMinutes: 30 },
    text: "{{time}} Status update\n{{status}} {{summary}}\n- What's broken: {{broken}}\n- What we're doing: {{doing}}\n- ETA: {{eta}}\n- Next update: {{next_update}}\n— Rex",
    placeholders: [
      NOW,
      { key: "status", label: "status", source: { from: "status", style: "emoji" } },
      manual("summary", "summary", "summary sentence"),
      { key: "broken", label: "what's broken", source: { from: "failing-checks" } },
      manual("doing", "what we're doing", "brief"),
      manual("eta", "ETA", 'estimate or "unknown"'),
      NEXT_UPDATE,
    ],
  },
  {
    id: "incident-update",
    title: "Incident update (internal)",
    channels: ["#us-launch-ops"],
    when: "Every 15 min during an active incident",
    source: "incident §5.1",
    cadence: { everyMinutes: 15 },
    text: "{{time}} Incident update — {{severity}}\nStatus: {{status}}\n- Impact: {{impact}}\n- Root cause: {{root_cause}}\n- Action taken: {{action}}\n- ETA to resolution: {{eta}}\n— Rex",
    placeholders: [
      NOW,
      SEVERITY,
      { key: "status", label: "status", source: { from: "incident-status" } },
      { key: "impact", label: "impact", source: { from: "failing-checks" } },
      manual("root_cause", "root cause", "known / investigating"),
      manual("action", "action taken", "what we've done"),
      manual("eta", "ETA to resolution", 'estimate or "unknown — next update in 15 min"'),
    ],
  },
  {
    id: "public-status",
    title: "Public status post",
    channels: ["status page", "developer Slack"],
    audience: "public",
    when: "If the outage lasts > 15 minutes",
    source: "incident §5.2",
    text: "{{time_utc}} Investigating — API degradation\nWe are aware of issues affecting the BuyWhere API. Our team is actively\ninvestigating. Product search and affiliate redirects may be slow or\nunavailable during this period.\nWe will post an update in 15 minutes.\n— BuyWhere Engineering",
    placeholders: [NOW_UTC],
  },
  {
    id: "public-resolved",
    title: "Public resolution post",
    channels: ["status page", "developer Slack"],
    audience: "public",
    when: "When resolved, if a public status post was issued",
    source: "incident §5.2",
    text: "{{time_utc}} Resolved — API restored\nThe API is fully operational. Impact window: {{impact_start}}–{{impact_end}} UTC.\nRoot cause: {{root_cause}}.\nWe will publish a post-mortem within 24 hours.\n— BuyWhere Engineering",
    placeholders: [
      NOW_UTC,
      {
        key: "impact_start",
        label: "impact start",
        source: { from: "time", at: "incident-start", zone: "utc", format: "time" },
      },
      {
        key: "impact_end",
        label: "impact end",
        source: { from: "time", at: "incident-end", zone: "utc", format: "time" },
      },
      manual("root_cause", "root cause", "one sentence"),
    ],
  },
  {
    id: "all-clear-launch-day",
    title: "All-clear (launch day)",
    channels: ["#us-launch-ops"],
    when: "When the issue is resolved",
    source: "launch-day §5.4",
    text: "✅ {{time}} All-clear\nLaunch stable. Issue {{description}} resolved.\nRoot cause: {{root_cause}}\nAction item: {{action_item}}\n— Rex",
    placeholders: [
      NOW,
      DESCRIPTION,
      manual("root_cause", "root cause", "brief"),
      manual("action_item", "action item", "brief"),
    ],
  },
  {
    id: "all-clear-incident",
    title: "All-clear (incident response)",
    channels: ["#us-launch-ops", "#incidents-critical"],
    when: "Within 1 hour of resolution",
    source: "incident §5.3",
    text: "✅ {{time}} All-clear — {{severity}} resolved\nIncident: {{description}}\nDuration: {{start}}–{{end}} {{zone}} ({{minutes}} minutes)\nRoot cause: {{root_cause}}\nFix applied: {{fix}}\nPost-mortem: due by {{postmortem_due}}\n— Rex",
    placeholders: [
      NOW,
      SEVERITY,
      DESCRIPTION,
      { key: "start", label: "start", source: { from: "time", at: "incident-start", format: "time" } },
      { key: "end", label: "end", source: { from: "time", at: "incident-end", format: "time" } },
      { key: "zone", label: "time zone", source: { from: "time", at: "incident-start", format: "zone" } },
      { key: "minutes", label: "duration", source: { from: "incident-duration" } },
      manual("root_cause", "root cause", "brief"),
      manual("fix", "fix applied", "brief"),
      manual("postmortem_due", "post-mortem due", "date — typically next business day"),
    ],
  },
];
