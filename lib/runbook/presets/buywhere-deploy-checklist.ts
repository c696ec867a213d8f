import type { LaunchFlowInput } from "@/lib/model/launch-flow-schema";
import { containerCheckId } from "@/lib/runbook/presets/buywhere-infra-targets";

type Milestone = NonNullable<LaunchFlowInput["milestones"]>[number];

const tick = (id: string, label: string) => ({ kind: "manual" as const, id, owner: "bolt", label });
const auto = (id: string, checks: string[], label: string, accept?: ("ok" | "warn")[]) => ({
  kind: "auto" as const,
  id,
  checks,
  label,
  accept,
});

/** `$?` after `| tee` is tee's status (runbook note tee-exit-code): the tick asks for the command's own. */
const EXIT = "read from PIPESTATUS[0] or with set -o pipefail, not from $? after | tee";

/**
 * Deploy runbook 002 §1.1 and §2, run by Bolt between 07:00 and Rex's deploy Go at 08:30 (T-30). What a
 * person does and only the shell shows (git state, build and migration exit codes) is a tick of Bolt's;
 * what a probe reads (the data tier healthy, the migration head, the API up) ticks itself.
 */
export const BUYWHERE_DEPLOY_CHECKLIST: Milestone = {
  id: "deploy",
  label: "Deploy 07:00–08:30 (deploy runbook §1.1, §2)",
  offsetMinutes: -30,
  graceMinutes: 0,
  source: "deploy §1.1, §2 steps 2–6; Rex's Go at 08:30 (§4)",
  items: [
    tick("dep-git-clean", "Working tree clean on master: git status says nothing to commit (§1.1)"),
    tick("dep-git-commit", "Latest commit is the build to ship: git log --oneline -3 (§1.1)"),
    tick("dep-sha", "DEPLOY_SHA noted for rollback tagging: git rev-parse --short HEAD (§1.1)"),
    tick("dep-build", "Images built: docker compose build --parallel, sha- tags added (§2 step 2)"),
    tick("dep-build-exit", `Build exited 0 — ${EXIT} (§2 step 2)`),
    auto(
      "dep-data-tier",
      ["db", "db_replica", "pgbouncer", "redis"].map(containerCheckId),
      "db, db_replica, pgbouncer, redis Up (healthy) (§2 step 3)",
      ["ok", "warn"],
    ),
    tick("dep-migrate", "Migrations run: docker compose run --rm migrate (§2 step 4)"),
    tick("dep-migrate-exit", `Migration exited 0 — ${EXIT} (§2 step 4)`),
    auto("dep-migration-head", ["db-migration"], "Migration version at the latest head (§2 step 4)"),
    auto("dep-api", [containerCheckId("api"), "api-health"], "API Up (healthy), /health 200 (§2 step 5)", [
      "ok",
      "warn",
    ]),
  ],
};
