import type { RunKind } from "@/lib/model/rollback";

/** Each kind's words: the confirmation, the route that starts it, the dialog's title, its button, the log's title. */
export const KIND_TEXT: Record<
  RunKind,
  { word: string; path: string; title: string; go: string; log: string }
> = {
  rollback: {
    word: "ROLLBACK",
    path: "/api/rollback/start",
    title: "Roll back the release",
    go: "Start rollback",
    log: "ROLLBACK",
  },
  "restart-api": {
    word: "RESTART",
    path: "/api/rollback/restart-api",
    title: "Restart the API container",
    go: "Restart API",
    log: "API RESTART",
  },
  "disk-cleanup": {
    word: "CLEANUP",
    path: "/api/rollback/disk-cleanup",
    title: "Clean up the disk (build cache, unneeded dangling images)",
    go: "Start cleanup",
    log: "DISK CLEANUP",
  },
  "restart-stack": {
    word: "RESTART STACK",
    path: "/api/rollback/restart-stack",
    title: "Restart the full stack (last resort: every container, ~2 min of downtime)",
    go: "Restart full stack",
    log: "FULL STACK RESTART",
  },
  "stop-ingestion": {
    word: "STOP INGESTION",
    path: "/api/rollback/stop-ingestion",
    title: "Stop ingestion (before a database restore)",
    go: "Stop ingestion",
    log: "INGESTION STOP",
  },
  "resume-ingestion": {
    word: "RESUME INGESTION",
    path: "/api/rollback/resume-ingestion",
    title: "Resume ingestion (after the restore is verified)",
    go: "Resume ingestion",
    log: "INGESTION RESUME",
  },
  "service-action": {
    // Each action has its own word (the plan's confirmWords); this one is only a placeholder.
    word: "",
    path: "/api/rollback/service-action",
    title: "Run a service action of the runbook",
    go: "Run action",
    log: "SERVICE ACTION",
  },
  backup: {
    word: "BACKUP",
    path: "/api/rollback/backup",
    title: "Run a database backup now (no backup within 24 h)",
    go: "Run backup",
    log: "BACKUP",
  },
  "pause-us": {
    word: "PAUSE US",
    path: "/api/rollback/pause-us",
    title: "Pause incoming US traffic (US_REGION flag, graceful reload)",
    go: "Pause US traffic",
    log: "US TRAFFIC PAUSE",
  },
  "resume-us": {
    word: "RESUME US",
    path: "/api/rollback/resume-us",
    title: "Resume US traffic (US_REGION back to us, reload)",
    go: "Resume US traffic",
    log: "US TRAFFIC RESUME",
  },
};
