import type { RunbookActionsInput } from "@/lib/model/actions-schema";
import { isLoopbackUrl, type ServiceActionInput } from "@/lib/model/service-actions-schema";

/**
 * 004 P2 fix "Trigger manual sync": POST /admin/sync-sales with the admin key, confirmed by the lead. The
 * key is read when the step runs, from the variable the preset's checks use; the service refuses a second
 * sync while one runs (file locking), and warroom runs one action at a time.
 */
export function ciaSyncAction(api: string): ServiceActionInput {
  return {
    id: "sync-sales",
    label: "Trigger a manual sales sync: POST /admin/sync-sales",
    source: "004 P2 Customer Data Issues › Fix: Manual Data Sync",
    confirm: "SYNC",
    warning: "the Azure SQL sync runs in the background for 2–10 minutes; the sync tile follows it",
    steps: [
      {
        do: "http",
        label: "trigger the sync (POST /admin/sync-sales)",
        method: "POST",
        url: `${api}/admin/sync-sales`,
        headersFromEnv: { "X-Admin-Key": ["WARROOM_CIA_ADMIN_KEY", "SIM_CIA_ADMIN_KEY"] },
        expectStatus: [200, 202],
        json: [{ path: "status", equals: "sync_started" }],
        runbook: 'curl -X POST https://.../admin/sync-sales -H "X-Admin-Key: $ADMIN_KEY"',
      },
    ],
    manual: [
      {
        name: "monitor the sync",
        command: "railway logs --tail (sync_started, Processing batch..., sync_completed or sync_failed)",
      },
      { name: "verify data updated", command: `curl ${api}/health | jq '.data_status.last_sync_at'` },
    ],
  };
}

/**
 * Customer Intelligence (004) runs on Railway: rollback and restart are manual, with the runbook's commands.
 * The manual sync is a request warroom sends, only to an API on this machine.
 */
export function customerIntelligenceActions(api: string): RunbookActionsInput {
  return {
    services: isLoopbackUrl(api) ? [ciaSyncAction(api)] : [],
    rollback: {
      kind: "manual",
      source: "004 Cause D: Failed Deployment",
      steps: [
        {
          name: "redeploy the last working deployment",
          command: 'Railway Dashboard → Deployments → [Previous deployment] → "Redeploy"',
          warning: "Railway's dashboard, not a command: warroom cannot do it for you.",
        },
        { name: "verify the rollback", command: `curl ${api}/health` },
        { name: "investigate the failed deployment", command: "railway logs --deployment <deployment-id>" },
      ],
    },
    restart: {
      kind: "manual",
      source: "004: restart service",
      steps: [
        { name: "restart the service", command: "railway restart" },
        { name: "verify health", command: `curl ${api}/health` },
      ],
    },
  };
}
