import { describe, expect, it } from "vitest";
import { runbookSchema } from "@/lib/model/runbook-schema";
import { BACKUP_WORD, composeBackupPlan } from "@/lib/rollback/backup-plan";
import { resolveActions } from "@/lib/rollback/target";
import { composeUsTrafficPlan } from "@/lib/rollback/us-traffic-plan";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";

const runbook = runbookSchema.parse(buildBuyWhereUsLaunch({ WARROOM_STACK_DIR: "/srv/stack" }));
const { target } = resolveActions(runbook.actions, { WARROOM_ROLLBACK_API_URL: "http://127.0.0.1:18000" });
const now = new Date("2026-04-23T12:00:00.000Z");

describe("deploy §1.5 'no backup: run one' as a confirmed action", () => {
  it("the BuyWhere stack's backup command runs in backup-cron, then the dump is looked for on disk", () => {
    if (!target?.backup) throw new Error("no backup target");
    const plan = composeBackupPlan(target, target.backup, "running", now);
    expect(plan).toMatchObject({ kind: "backup", blocked: null, confirmWords: [BACKUP_WORD] });
    expect(plan.steps.map((s) => [s.kind, s.command])).toEqual([
      ["exec", "docker exec buywhere-api-backup-cron-1 backup-now"],
      ["check-backup", "ls -lt /srv/stack/backups | head -2"],
    ]);
    expect(plan.steps[1]?.args.since).toBe(now.toISOString());
  });

  it("blocked, saying why, when the backup container is absent or stopped", () => {
    if (!target?.backup) throw new Error("no backup target");
    const absent = composeBackupPlan(target, target.backup, null, now);
    expect(absent.blocked).toBe(
      "buywhere-api-backup-cron-1 does not exist: there is no container to run backup-now in",
    );
    expect(absent.steps).toEqual([]);
    expect(composeBackupPlan(target, target.backup, "exited", now).blocked).toMatch(/is exited: start it/);
  });

  it("a plan for another state has another hash (a stale preview is refused)", () => {
    if (!target?.backup) throw new Error("no backup target");
    const a = composeBackupPlan(target, target.backup, "running", now).planHash;
    expect(composeBackupPlan(target, target.backup, "restarting", now).planHash).not.toBe(a);
  });
});

describe("launch day §4.3 step 1: pause US traffic (US_REGION flag, reload) as a confirmed action", () => {
  it("pause: the flag written and the API reloaded in its container, then US search must be refused", () => {
    if (!target?.usTraffic) throw new Error("no usTraffic target");
    const plan = composeUsTrafficPlan("pause-us", target, target.usTraffic, "running", now);
    expect(plan).toMatchObject({ kind: "pause-us", blocked: null, confirmWords: ["PAUSE US"] });
    expect(plan.steps.map((s) => s.command)).toEqual([
      "docker exec buywhere-api-api-1 sh -c 'echo off > /tmp/US_REGION'",
      "docker exec buywhere-api-api-1 sh -c 'kill -HUP 1 && sleep 1'",
      "curl -s -o /dev/null -w '%{http_code}' 'http://127.0.0.1:18000/v1/search?q=laptop&limit=1&currency=USD'",
    ]);
    expect(plan.steps.map((s) => s.kind)).toEqual(["exec", "exec", "verify-health"]);
  });

  it("resume: the flag back to us, reloaded, US search served again; blocked when the API is not running", () => {
    if (!target?.usTraffic) throw new Error("no usTraffic target");
    const plan = composeUsTrafficPlan("resume-us", target, target.usTraffic, "running", now);
    expect(plan.steps[0]?.command).toBe("docker exec buywhere-api-api-1 sh -c 'echo us > /tmp/US_REGION'");
    expect(plan.steps.at(-1)?.name).toBe("verify: US search served again");
    const stopped = composeUsTrafficPlan("resume-us", target, target.usTraffic, "exited", now);
    expect(stopped.blocked).toBe("buywhere-api-api-1 is exited: start it before running the resume in it");
  });
});
