import type { ChecklistInput } from "@/lib/model/checklist-schema";

/**
 * BuyWhere's manual ticks and external entries per incident (incident 000, launch-day 001, deploy 002):
 * the calls only a person can make, what another system showed, and the post-incident steps. Owners as
 * the runbooks name them: Bolt executes rollbacks and restores, Rex calls them, Lyra speaks publicly.
 */
export const BUYWHERE_CHECKLISTS: ChecklistInput[] = [
  {
    id: "incident-calls",
    label: "Calls and manual steps",
    phase: "incident",
    source: "incident §3.1, §3.4; launch-day §3.2, §4.1, §4.5; deploy §5.1",
    items: [
      {
        id: "uptime-alert",
        kind: "entry",
        system: "#us-alerts",
        owner: "atlas",
        label: "What the uptime monitor posted to #us-alerts (its own alert, not warroom's reading)",
        source: "launch-day §3.2",
      },
      {
        id: "data-corruption",
        kind: "tick",
        owner: "bolt",
        label: "Data corruption confirmed — a rollback trigger; Rex calls the rollback",
        source: "incident §3.1; launch-day §4.1; deploy §5.1",
      },
      {
        id: "security-incident",
        kind: "tick",
        owner: "rex",
        label: "Security incident (data exfiltration suspected, credential exposure) — a rollback trigger",
        source: "launch-day §4.1",
      },
      {
        id: "container-logs",
        kind: "tick",
        owner: "bolt",
        label:
          "Container log size checked (docker compose … logs --no-color api | wc -l), truncated if excessive",
        source: "incident §3.4",
      },
      {
        id: "db-restore",
        kind: "entry",
        system: "backup_restore_runbook.md",
        owner: "bolt",
        label:
          "Database restored per the backup/restore runbook (Rex authorised; product count checked after)",
        source: "launch-day §4.5",
      },
    ],
  },
  {
    id: "rollback-verification",
    label: "Rollback verification",
    phase: "incident",
    source: "deploy §6",
    items: [
      {
        id: "no-p1-alerts",
        kind: "entry",
        system: "#us-alerts",
        owner: "bolt",
        label: "No new P1 alerts in #us-alerts after the rollback",
        source: "deploy §6",
      },
    ],
  },
  {
    id: "post-incident",
    label: "Post-incident",
    phase: "post-incident",
    source: "incident §6.1 (within 1 hour of resolution), §6.2",
    items: [
      {
        id: "public-resolved",
        kind: "entry",
        system: "status page",
        owner: "lyra",
        label: "Public resolved notice posted, if a public update was issued",
        source: "incident §6.1",
      },
      {
        id: "monitoring-normal",
        kind: "tick",
        owner: "bolt",
        label: "Monitoring and alerting back in their normal state",
        source: "incident §6.1",
      },
      {
        id: "paperclip-task",
        kind: "entry",
        system: "Paperclip",
        owner: "rex",
        label: "Paperclip task created under BUY-3413 for the post-mortem write-up",
        source: "incident §6.2",
      },
    ],
  },
];
