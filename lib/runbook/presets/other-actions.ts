import type { RunbookActionsInput } from "@/lib/model/actions-schema";
import { PRUNE_ALL_WARNING } from "@/lib/runbook/presets/cleanup-warnings";

/**
 * Deal Scout (003): "Restart Backend" (`docker-compose restart backend`) is Docker-shaped and runs on the
 * compose project WARROOM_DEALSCOUT_PROJECT (default deal-scout); the rollback is `git checkout` and a
 * rebuild, so it is manual. The runbook names no stop timeout: Docker's default 10 s. `apiUrl` is the
 * variable as set (the target drops a trailing slash), so an export can name it; `api` is without the slash.
 */
export function dealScoutActions(at: { api: string; apiUrl: string; project: string }): RunbookActionsInput {
  const { api, apiUrl, project } = at;
  return {
    stack: {
      project,
      source: "003 High Error Rate: restart backend",
      services: [
        { service: "backend", role: "primary" },
        { service: "worker", role: "dependent", optional: true },
        { service: "beat", role: "dependent", optional: true },
      ],
      baseUrl: apiUrl,
      verify: [
        {
          match: "json",
          label: "health: db and redis ok",
          path: "/health",
          json: [
            { path: "db", equals: "ok" },
            { path: "redis", equals: "ok" },
          ],
        },
      ],
      stopTimeoutS: 10,
    },
    restart: { kind: "docker", source: "003 High Error Rate step 3: docker-compose restart backend" },
    cleanup: {
      kind: "docker",
      source: "003 Disk Full: the Docker part, without -a",
      manual: [
        {
          name: "prune unused images, containers, volumes (003 Disk Full)",
          command: "docker system prune -a",
          warning: PRUNE_ALL_WARNING,
        },
        {
          name: "delete container log files (003 Disk Full)",
          command: 'find /var/lib/docker/containers -name "*.log" -delete',
          warning:
            "Deletes the logs of running containers under the engine: `docker logs` then shows nothing, the incident's evidence included.",
        },
        {
          name: "delete old logs (003 Disk Full)",
          command: 'find /var/log/deal-scout -name "*.log.*" -mtime +7 -delete',
        },
        {
          name: "delete backups older than 7 days (003 Disk Full)",
          command: "find /var/backups/postgresql -mtime +7 -delete",
          warning: "Check that a newer backup exists and restores first.",
        },
      ],
    },
    rollback: {
      kind: "manual",
      source: "003 Rollback Procedure",
      steps: [
        { name: "stop the current deployment", command: "docker-compose down" },
        {
          name: "check out the previous good version",
          command: "git checkout <previous-commit>",
          warning: "Use the commit before the problematic change (git log --oneline -10).",
        },
        { name: "rebuild images", command: "docker-compose build --no-cache" },
        { name: "start services", command: "docker-compose up -d" },
        { name: "verify health", command: `curl ${api}/health` },
      ],
    },
  };
}

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
