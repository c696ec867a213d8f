import type { RunbookActionsInput } from "@/lib/model/actions-schema";
import { BUYWHERE_CLEANUP } from "@/lib/runbook/presets/buywhere-cleanup";
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
      ],
      stateFile: targets.rollbackStateFile,
      ...(baseUrl ? { baseUrl } : {}),
      verify: [
        { match: "status", label: "health answers 200", path: "/health", expectStatus: [200] },
        {
          match: "json",
          label: "search returns results",
          path: "/v1/search?q=laptop&limit=1&currency=USD",
          expectStatus: [200],
          json: [{ path: "products.0", exists: true, failLevel: "crit" }],
        },
        {
          match: "redirect",
          label: "affiliate redirect tagged buywhere-20",
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
    cleanup: BUYWHERE_CLEANUP,
    // Deploy §2's order: data tier, then the API (verified), then what depends on it.
    restartStack: {
      kind: "docker",
      source:
        "incident appendix, launch day appendix A: docker compose up -d (last resort); deploy §7: ./deploy.sh restart",
      tiers: [["db", "redis"], ["db_replica", "pgbouncer"], ["api"], ["mcp", "scraper-scheduler"]],
    },
    // Launch day §4.5 names scraper-worker-fixed; the compose project's writer is scraper-scheduler.
    ingestion: {
      kind: "docker",
      source:
        "launch day §4.5: stop ingestion before a DB restore; resume only after the product count is verified",
      services: ["scraper-scheduler"],
      verifyCheck: "db-products",
    },
  };
}
