import type { RunbookActionsInput } from "@/lib/model/actions-schema";

/** Customer Intelligence (004) runs on Railway: both actions are manual, with the runbook's commands. */
export function customerIntelligenceActions(api: string): RunbookActionsInput {
  return {
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
