import type { RunbookActionsInput } from "@/lib/model/actions-schema";
import { buyWhereCleanup } from "@/lib/runbook/presets/buywhere-cleanup";
import { buyWhereInfraTargets } from "@/lib/runbook/presets/buywhere-infra-targets";
import type { PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";

export const MIGRATION_WARNING =
  "Only if the bad release introduced a breaking database migration, and only after Bolt has read the " +
  "migration script and confirmed it is reversible (incident runbook §3.3 step 6, deploy runbook §5.2 " +
  "step 5). warroom never runs it.";

/**
 * The deploy (§5.2) and incident (§3.3) runbooks' rollback and the incident runbook's safe restart, on the
 * compose project WARROOM_DOCKER_PROJECT. Stop timeout: the runbooks name none, so Docker's default 10 s.
 * Health wait: "up to 2 minutes" (incident §3.3 step 4). The verification requests are §3.3 step 5's pass
 * criteria. Without WARROOM_API_URL the rollback verifies the API of the stack as last brought up.
 */
export function buyWhereActions(env: PresetEnv): RunbookActionsInput {
  const targets = buyWhereInfraTargets(env);
  const project = targets.dockerProject;
  // Taken as given (a trailing slash is dropped where the target is resolved), so an export can name it.
  const baseUrl = env.WARROOM_API_URL || undefined;
  return {
    stack: {
      project,
      source: "deploy §5.2, incident §3.3",
      services: [
        {
          service: "api",
          role: "primary",
          optional: false,
          repo: targets.apiImage,
          stateKey: "PREV_API_IMAGE",
        },
        {
          service: "mcp",
          role: "dependent",
          optional: false,
          repo: "buywhere-mcp",
          stateKey: "PREV_MCP_IMAGE",
        },
        // deploy §2 step 6 runs it; a stack without it is rolled back all the same.
        { service: "scraper-scheduler", role: "dependent", optional: true },
        // Launch day §4.3 step 2: "docker stop scraper-worker-fixed" before anything else writes.
        { service: "scraper-worker", container: "scraper-worker-fixed", role: "dependent", optional: true },
      ],
      stateFile: targets.rollbackStateFile,
      ...(baseUrl ? { baseUrl } : {}),
      // Deploy §5.2 step 6: smoke tests 1–5 of §3 must pass before declaring stable; then §3 test 6.
      verify: [
        {
          match: "json",
          label: "T1 health: 200, status ok",
          path: "/health",
          expectStatus: [200],
          json: [{ path: "status", equals: "ok" }],
        },
        {
          match: "json",
          label: "T2 detailed health: healthy, db_response_ms < 500",
          path: "/health/detailed",
          expectStatus: [200],
          json: [
            { path: "status", equals: "healthy" },
            { path: "db_response_ms", below: 500 },
          ],
        },
        {
          match: "json",
          label: "T3 product listing: total > 0, products non-empty",
          path: "/v1/products?limit=1",
          expectStatus: [200],
          json: [
            { path: "total", above: 0 },
            { path: "products.0", exists: true },
          ],
        },
        {
          match: "json",
          label: "T4 search laptop: results in USD",
          path: "/v1/search?q=laptop&limit=3&currency=USD",
          expectStatus: [200],
          json: [
            { path: "total", above: 0 },
            { path: "products.0.currency", equals: "USD" },
          ],
        },
        {
          match: "json",
          label: "T5 search iphone: a named product",
          path: "/v1/search?q=iphone&limit=1&currency=USD",
          expectStatus: [200],
          json: [{ path: "products.0.name", exists: true }],
        },
        {
          match: "redirect",
          label: "T6 affiliate redirect tagged buywhere-20",
          path: "/go/B09G9HDHJT",
          expectHost: "amazon.com",
          expectParams: { tag: "buywhere-20" },
        },
      ],
      healthWaitMs: 120_000,
      stopTimeoutS: 10,
    },
    rollback: {
      kind: "docker",
      source: "deploy §5.2, incident §3.3",
      manual: [
        {
          name: "migration downgrade (manual, never automatic)",
          command: `docker compose -p ${project} run --rm migrate alembic downgrade -1`,
          warning: MIGRATION_WARNING,
        },
      ],
    },
    restart: { kind: "docker", source: "incident §2: restart API only (safe — no image change)" },
    cleanup: buyWhereCleanup(targets),
    // Deploy §2's order: data tier, then the API (verified), then what depends on it.
    restartStack: {
      kind: "docker",
      source:
        "incident appendix, launch day appendix A: docker compose up -d (last resort); deploy §7: ./deploy.sh restart",
      tiers: [["db", "redis"], ["db_replica", "pgbouncer"], ["api"], ["mcp", "scraper-scheduler"]],
    },
    // Launch day §4.5 stops scraper-worker-fixed; the compose project also writes through scraper-scheduler.
    ingestion: {
      kind: "docker",
      source:
        "launch day §4.5: stop ingestion before a DB restore; resume only after the product count is verified",
      services: ["scraper-scheduler", "scraper-worker"],
      verifyCheck: "db-products",
    },
    // Launch day §4.3 step 1. The flag is written where the API re-reads it on SIGHUP (the stack's API
    // cannot see a changed .env without a redeploy; the runbook's alternative is exactly that).
    usTraffic: {
      kind: "docker",
      source: "launch day §4.3 step 1: disable the US market flag, kill -HUP 1 (graceful reload)",
      service: "api",
      // A second after the signal before the verification: the reload runs in the API's own event loop.
      pause: [
        ["sh", "-c", "echo off > /tmp/US_REGION"],
        ["sh", "-c", "kill -HUP 1 && sleep 1"],
      ],
      resume: [
        ["sh", "-c", "echo us > /tmp/US_REGION"],
        ["sh", "-c", "kill -HUP 1 && sleep 1"],
      ],
      verifyPaused: [
        {
          match: "status",
          label: "US search refused (503)",
          path: "/v1/search?q=laptop&limit=1&currency=USD",
          expectStatus: [503],
        },
      ],
      verifyResumed: [
        {
          match: "json",
          label: "US search served again",
          path: "/v1/search?q=laptop&limit=1&currency=USD",
          expectStatus: [200],
          json: [{ path: "products.0", exists: true }],
        },
      ],
    },
    // The stack's backup cron runs the dump; its command on demand is deploy §1.5's manual backup.
    backup: {
      kind: "docker",
      source: "deploy §1.5: no backup within 24 h → run a manual backup (./deploy.sh backup)",
      service: "backup-cron",
      command: ["backup-now"],
      dir: targets.backupDir,
    },
  };
}
