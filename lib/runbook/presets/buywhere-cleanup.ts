import type { RunbookActionsInput } from "@/lib/model/actions-schema";
import { SYSTEM_PRUNE_WARNING } from "@/lib/runbook/presets/cleanup-warnings";

type Cleanup = NonNullable<RunbookActionsInput["cleanup"]>;

const DELETE_BY_AGE_WARNING =
  "Deletes files on the host by age: run the same find without -delete first and read the list. warroom " +
  "deletes no data files.";

/**
 * The three BuyWhere runbooks' disk cleanup (incident §3.4, launch day §4.4, deploy §1.4) disagree; warroom
 * runs the part that is safe in all three (runbook note `disk-cleanup`) and shows the rest as written.
 * The infra owner (Bolt: "any container/DB/disk issue", incident §4.1) may run it as well as Rex.
 */
export const BUYWHERE_CLEANUP: Cleanup = {
  kind: "docker",
  source: "incident §3.4: docker builder prune -f; launch day §4.4, deploy §1.4 shown as manual",
  ownerDomain: "infra",
  manual: [
    {
      name: "delete old scrape data (incident §3.4)",
      command:
        'find /home/paperclip/buywhere-api -name "*.jsonl" -mtime +3 -delete; find /home/paperclip/buywhere-api -name "*.json" -mtime +7 -delete',
      warning: DELETE_BY_AGE_WARNING,
    },
    {
      name: "delete old scrape files (launch day §4.4)",
      command:
        'find /home/paperclip/.rex/workspace/scraper -name "*.json" -mtime +7 -delete; find /home/paperclip/.rex/workspace/ -name "*.jsonl" -mtime +3 -delete',
      warning: DELETE_BY_AGE_WARNING,
    },
    {
      name: "check the API container's log size, truncate if excessive (incident §3.4)",
      command:
        "docker compose -f /home/paperclip/buywhere-api/docker-compose.prod.yml logs --no-color api | wc -l",
      warning: "Truncating a running container's log file loses the evidence of the incident: copy it first.",
    },
    {
      name: "system prune (launch day §4.4)",
      command: "docker system prune -f",
      warning: SYSTEM_PRUNE_WARNING,
    },
    {
      name: "system prune and old logs (deploy §1.4)",
      command:
        'docker system prune -f --volumes=false; find /home/paperclip/buywhere-api -name "*.log" -mtime +7 -delete',
      warning: `${SYSTEM_PRUNE_WARNING} The find deletes logs by age: read the list first.`,
    },
  ],
};
