import { resolve } from "node:path";
import type { RunbookActionsInput } from "@/lib/model/actions-schema";
import type { ServiceActionInput } from "@/lib/model/service-actions-schema";
import type { PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";
import { PRUNE_ALL_WARNING } from "@/lib/runbook/presets/cleanup-warnings";

/** Where Deal Scout's logs, backups and warroom's rollback record live (the runbook's paths by default). */
export function dealScoutPaths(env: PresetEnv, cwd: string = process.cwd()) {
  // turbopackIgnore: paths from the environment; output tracing would otherwise copy this folder's sources.
  const at = (p: string) => resolve(/* turbopackIgnore: true */ cwd, p);
  return {
    logDir: at(env.WARROOM_DEALSCOUT_LOG_DIR || "/var/log/deal-scout"),
    backupDir: at(env.WARROOM_DEALSCOUT_BACKUP_DIR || "/var/backups/postgresql"),
    rollbackState: at(env.WARROOM_DEALSCOUT_ROLLBACK_STATE || ".warroom/deal-scout/.rollback_state"),
  };
}

// Commands run in the containers as the runbook types them; REDIS_PORT is the stack's own port when set.
const REDIS_CLI = (args: string) => ["sh", "-c", `redis-cli -p "\${REDIS_PORT:-6379}" ${args}`];
const CELERY = (...args: string[]) => ["python3", "-m", "celery", "-A", "app.worker", ...args];
const QUEUE_WATCH = {
  do: "watch",
  service: "redis",
  label: "watch the queue clear (LLEN celery)",
  cmd: REDIS_CLI("llen celery"),
  runbook: "watch -n 5 'redis-cli LLEN celery'",
  withinS: 60,
} as const;

/** 003's safe service actions, each a few engine steps on the compose project (lib/rollback). */
export const DEAL_SCOUT_SERVICE_ACTIONS: ServiceActionInput[] = [
  {
    id: "restart-postgres",
    label: "Database locked/hung: restart postgres, wait for pg_isready",
    source: "003 Database Unreachable: if database is locked/hung",
    confirm: "RESTART POSTGRES",
    warning: "every session is cut, locks and their transactions with them; the backend reconnects",
    steps: [
      { do: "restart", service: "postgres" },
      {
        do: "exec",
        service: "postgres",
        label: "pg_isready",
        cmd: ["pg_isready"],
        runbook: "docker-compose exec postgres pg_isready",
        expect: "accepting connections",
      },
      { do: "verify", withinS: 30 },
    ],
  },
  {
    id: "restart-redis",
    label: "Redis: restart it, then PING",
    source: "003 Redis Unreachable: normal restart",
    confirm: "RESTART REDIS",
    warning:
      "what Redis holds only in memory is lost (cache, tasks queued since its last save); the cache warms up again and the database sees more load meanwhile",
    steps: [
      { do: "restart", service: "redis" },
      {
        do: "exec",
        service: "redis",
        label: "redis-cli ping",
        cmd: REDIS_CLI("ping"),
        runbook: "redis-cli ping",
        expect: "PONG",
      },
      { do: "verify", withinS: 30 },
    ],
    manual: [
      {
        name: "out of memory: clear all data (003 Redis Unreachable)",
        command: "redis-cli FLUSHALL",
        warning: "WARNING: Clears all data — the task queue and every cached value. Never run by warroom.",
      },
    ],
  },
  {
    id: "restart-worker",
    label: "Workers dead: restart the worker, watch the queue clear",
    source: "003 Task Queue Stuck: if workers are dead",
    confirm: "RESTART WORKER",
    steps: [{ do: "restart", service: "worker" }, QUEUE_WATCH],
  },
  {
    id: "recreate-worker",
    label: "Workers hung: kill, remove and recreate the worker",
    source: "003 Task Queue Stuck: if workers are hung (kill, rm, up -d)",
    confirm: "RECREATE WORKER",
    warning: "the task each worker is running is lost (killed, not finished)",
    steps: [{ do: "kill", service: "worker" }, { do: "recreate", service: "worker" }, QUEUE_WATCH],
    manual: [
      {
        name: "purge every queued task (003 Task Queue Stuck)",
        command: "celery -A app.worker purge",
        warning:
          "WARNING: This will clear all tasks! Use only if workers are completely stuck. Never run by warroom.",
      },
    ],
  },
  {
    id: "restart-beat",
    label: "Beat stuck: restart beat, check the schedule",
    source: "003 Task Queue Stuck: if beat scheduler stuck",
    confirm: "RESTART BEAT",
    steps: [
      { do: "restart", service: "beat" },
      {
        do: "exec",
        service: "worker",
        label: "celery inspect scheduled",
        cmd: CELERY("inspect", "scheduled"),
        runbook: "celery -A app.worker inspect scheduled",
        expect: "OK",
      },
    ],
  },
  {
    id: "restart-high-memory",
    label: "Memory quick relief: restart the service using the most memory",
    source: "003 Memory Issues: temporary (quick relief)",
    confirm: "RESTART SERVICE",
    warning: "a brief downtime of that service; the leak comes back until the fix is deployed",
    steps: [
      { do: "restart-highest-memory", among: ["backend", "worker", "postgres", "redis"] },
      { do: "stats", among: ["backend", "worker", "postgres", "redis"] },
      { do: "verify", withinS: 30 },
    ],
  },
  {
    id: "retry-notifications",
    label: "Retry failed notifications",
    source: "003 Notification Delivery Failures: retry failed notifications",
    confirm: "RETRY NOTIFICATIONS",
    steps: [
      {
        do: "exec",
        service: "worker",
        label: "queue send_notifications",
        cmd: CELERY("call", "app.tasks.notify.send_notifications"),
        runbook:
          "docker-compose exec backend celery -A app.worker.celery_app -c 1 call app.tasks.notify.send_notifications",
        expect: "^[0-9a-f-]{36}",
      },
    ],
  },
  {
    id: "scale-backend",
    label: "API latency: scale the backend to 5 replicas",
    source: "003 API Latency: scale horizontally",
    confirm: "SCALE BACKEND",
    steps: [{ do: "scale", service: "backend", replicas: 5 }],
  },
];

/**
 * Deal Scout (003) on the compose project WARROOM_DEALSCOUT_PROJECT (default deal-scout): the backend
 * restart (High Error Rate, pool exhausted, API Latency), the service actions above, the disk cleanup
 * with the runbook's old logs and backups, and the rollback done warroom's way: backend, worker and beat
 * (the images a deployment builds) recreated on their previous `sha-` images and verified — the runbook's
 * `git checkout` + `build --no-cache` is how those images were made, not something to redo mid-incident.
 * The runbook names no stop timeout: Docker's default 10 s. `apiUrl` is the variable as set (the target
 * drops a trailing slash), so an export can name it.
 */
export function dealScoutActions(
  at: { apiUrl: string; project: string },
  env: PresetEnv = {},
): RunbookActionsInput {
  const { apiUrl, project } = at;
  const paths = dealScoutPaths(env);
  return {
    stack: {
      project,
      source: "003 High Error Rate: restart backend; Rollback Procedure",
      services: [
        { service: "backend", role: "primary", repo: "deal-scout-backend", stateKey: "PREV_API_IMAGE" },
        // Built from one image, so one repo (and one key of the record): re-tagged once, both recreated on it.
        {
          service: "worker",
          role: "dependent",
          optional: true,
          repo: "deal-scout-worker",
          stateKey: "PREV_MCP_IMAGE",
        },
        {
          service: "beat",
          role: "dependent",
          optional: true,
          repo: "deal-scout-worker",
          stateKey: "PREV_MCP_IMAGE",
        },
      ],
      stateFile: paths.rollbackState,
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
      source: "003 Disk Full: old logs and backups; the Docker part without -a",
      files: [
        {
          label: "log files",
          dir: paths.logDir,
          name: "*.log.*",
          olderThanDays: 7,
          source: '003 Disk Full: find /var/log/deal-scout -name "*.log.*" -mtime +7 -delete',
        },
        {
          label: "database backups",
          dir: paths.backupDir,
          olderThanDays: 7,
          source: "003 Disk Full: find /var/backups/postgresql -mtime +7 -delete",
        },
      ],
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
      ],
    },
    services: DEAL_SCOUT_SERVICE_ACTIONS,
    rollback: { kind: "docker", source: "003 Rollback Procedure, done on the previous sha- images" },
  };
}
