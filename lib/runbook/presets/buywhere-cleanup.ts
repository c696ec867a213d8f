import { join } from "node:path";
import type { RunbookActionsInput } from "@/lib/model/actions-schema";
import { SYSTEM_PRUNE_WARNING } from "@/lib/runbook/presets/cleanup-warnings";

type Cleanup = NonNullable<RunbookActionsInput["cleanup"]>;

/** Where the runbooks' find commands delete: the app's folder and the scraper's workspace. */
export type CleanupDirs = { appDir: string; workspaceDir: string };

/**
 * The three BuyWhere runbooks' disk cleanup (incident §3.4, launch day §4.4, deploy §1.4) disagree; warroom
 * runs the part that is safe in all three (runbook note `disk-cleanup`) and the deletions by age, each file
 * listed in the plan before it is confirmed (production: WARROOM_APP_DIR=/home/paperclip/buywhere-api,
 * WARROOM_WORKSPACE_DIR=/home/paperclip/.rex/workspace); the prunes are shown as written. The infra owner
 * (Bolt: "any container/DB/disk issue", incident §4.1) may run it as well as Rex.
 */
export function buyWhereCleanup({ appDir, workspaceDir }: CleanupDirs): Cleanup {
  return {
    kind: "docker",
    source:
      "incident §3.4: docker builder prune -f and old scrape data; launch day §4.4: old scrape files; deploy §1.4: old logs",
    ownerDomain: "infra",
    deleteOld: [
      { name: "old scrape data", dir: appDir, pattern: "*.jsonl", olderThanDays: 3, source: "incident §3.4" },
      { name: "old scrape data", dir: appDir, pattern: "*.json", olderThanDays: 7, source: "incident §3.4" },
      {
        name: "old scrape files",
        dir: join(workspaceDir, "scraper"),
        pattern: "*.json",
        olderThanDays: 7,
        source: "launch day §4.4",
      },
      {
        name: "old scrape files",
        dir: workspaceDir,
        pattern: "*.jsonl",
        olderThanDays: 3,
        source: "launch day §4.4",
      },
      { name: "old logs", dir: appDir, pattern: "*.log", olderThanDays: 7, source: "deploy §1.4" },
    ],
    manual: [
      {
        name: "check the API container's log size, truncate if excessive (incident §3.4)",
        command:
          "docker compose -f /home/paperclip/buywhere-api/docker-compose.prod.yml logs --no-color api | wc -l",
        warning:
          "Truncating a running container's log file loses the evidence of the incident: copy it first.",
      },
      {
        name: "system prune (launch day §4.4)",
        command: "docker system prune -f",
        warning: SYSTEM_PRUNE_WARNING,
      },
      {
        name: "system prune (deploy §1.4)",
        command: "docker system prune -f --volumes=false",
        warning: SYSTEM_PRUNE_WARNING,
      },
    ],
  };
}
