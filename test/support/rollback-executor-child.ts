// A dashboard stand-in for the restart test: starts a rollback on the target in WARROOM_TEST_TARGET
// (JSON) against DATABASE_URL and keeps executing until it is killed. Run with
// `tsx --conditions=react-server`; never used by the app.
import Docker from "dockerode";
import { openDb } from "@/lib/db/client";
import type { RollbackTarget } from "@/lib/model/rollback";
import { buildPlan, startRun } from "@/lib/rollback/start-run";

const target = JSON.parse(process.env.WARROOM_TEST_TARGET ?? "null") as RollbackTarget;
const db = await openDb({ kind: "postgres", url: process.env.DATABASE_URL ?? "" });
const env = {
  db: db.client,
  docker: new Docker({ socketPath: "/var/run/docker.sock" }),
  target,
  runbookId: "rbtest",
  onChange: () => undefined,
  audit: (action: string, message: string) => ({
    runbookId: "rbtest",
    actor: "rex",
    role: "lead",
    via: "token",
    action,
    outcome: "ok" as const,
    ip: null,
    userAgent: "child",
    message,
    data: {},
  }),
};
const plan = await buildPlan(env, "rollback");
const started = await startRun(env, {
  kind: "rollback",
  requestedBy: "rex",
  reason: "child dashboard, killed mid-run",
  confirm: "ROLLBACK",
  planHash: plan.planHash,
});
console.log(`started ${started.runId}`);
await started.done;
