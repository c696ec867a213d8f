import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RollbackTarget } from "@/lib/model/rollback";
import { runbookSchema } from "@/lib/model/runbook-schema";
import { serviceActionSchema } from "@/lib/model/service-actions-schema";
import { deleteOldFiles, isOlderThan, listOldFiles, nameMatcher } from "@/lib/rollback/file-cleanup";
import {
  composeServiceActionPlan,
  type ServiceFacts,
  scaleRefusal,
} from "@/lib/rollback/service-action-plan";
import { resolveActions } from "@/lib/rollback/target";
import { buildDealScout } from "@/lib/runbook/presets/deal-scout";

const runbook = runbookSchema.parse(buildDealScout({}));
const target = resolveActions(runbook.actions, {}).target as RollbackTarget;
const action = (id: string) => {
  const a = target.serviceActions?.find((x) => x.id === id);
  if (!a) throw new Error(`no action ${id}`);
  return a;
};
const running = (service: string) => ({
  service,
  container: `deal-scout-${service}-1`,
  image: `sha256:${service.padEnd(64, "0")}`,
  state: "running",
});
const facts = (over: Partial<ServiceFacts> = {}): ServiceFacts => ({
  containers: ["backend", "worker", "beat", "postgres", "redis"].map(running),
  memory: new Map(),
  shapes: new Map(),
  ...over,
});
const NOW = new Date("2026-12-05T12:00:00Z");

describe("service actions as plans (deal-scout preset data)", () => {
  it("restart postgres: restart, wait, the runbook's pg_isready in the container, the health retried", () => {
    const plan = composeServiceActionPlan(target, action("restart-postgres"), facts(), NOW);
    expect(plan.blocked).toBeNull();
    expect(plan.confirmWords).toEqual(["RESTART POSTGRES"]);
    expect(plan.steps.map((s) => [s.kind, s.name])).toEqual([
      ["restart", "restart postgres"],
      ["wait-healthy", "wait for postgres healthy (≤ 120 s)"],
      ["exec", "pg_isready"],
      ["verify-search", "verify: health: db and redis ok (retried ≤ 30 s)"],
    ]);
    expect(plan.steps[0]?.command).toBe(
      "docker compose -p deal-scout restart postgres   # docker restart deal-scout-postgres-1",
    );
    expect(plan.steps[2]?.command).toBe(
      "docker exec deal-scout-postgres-1 pg_isready   # runbook: docker-compose exec postgres pg_isready",
    );
    expect(plan.steps[3]?.args.untilMs).toBe("30000");
  });

  it("workers hung: kill, recreate on the same image, wait, watch the queue; purge only shown", () => {
    const plan = composeServiceActionPlan(target, action("recreate-worker"), facts(), NOW);
    expect(plan.steps.map((s) => s.kind)).toEqual(["kill", "recreate", "wait-healthy", "watch", "manual"]);
    expect(plan.steps[1]?.args.image).toBe(running("worker").image);
    expect(plan.steps[3]?.command).toMatch(/^watch -n 2 'docker exec deal-scout-redis-1 sh -c/);
    expect(plan.steps[4]).toMatchObject({ command: "celery -A app.worker purge" });
    expect(plan.steps[4]?.warning).toMatch(/WARNING: This will clear all tasks!/);
  });

  it("memory: the service with the most memory now is the one restarted; unreadable memory blocks", () => {
    const memory = new Map<string, number | null>([
      ["backend", 90e6],
      ["worker", 350e6],
      ["postgres", null],
      ["redis", 5e6],
    ]);
    const plan = composeServiceActionPlan(target, action("restart-high-memory"), facts({ memory }), NOW);
    expect(plan.steps[0]?.name).toBe("restart worker (highest memory: 334 MiB)");
    const other = composeServiceActionPlan(
      target,
      action("restart-high-memory"),
      facts({ memory: new Map([["backend", 400e6]]) }),
      NOW,
    );
    expect(other.steps[0]?.name).toMatch(/^restart backend/);
    expect(other.planHash).not.toBe(plan.planHash);
    const none = composeServiceActionPlan(target, action("restart-high-memory"), facts(), NOW);
    expect(none.blocked).toMatch(/no memory reading of backend, worker, postgres, redis/);
    expect(none.confirmWords).toEqual([]);
  });

  it("a service the project lacks blocks the action, naming it", () => {
    const containers = facts().containers.filter((c) => c.service !== "beat");
    const plan = composeServiceActionPlan(target, action("restart-beat"), facts({ containers }), NOW);
    expect(plan.blocked).toBe("beat: no such container in compose project deal-scout");
    expect(plan.steps).toEqual([]);
  });

  it("scale: refused with why for each shape that cannot run replicas", () => {
    const shape = (networkMode: string, hostPorts: string[], name = "deal-scout-backend-1") => ({
      networkMode,
      hostPorts,
      name,
    });
    expect(scaleRefusal("backend", shape("host", []), "deal-scout")).toMatch(/host's network/);
    expect(scaleRefusal("backend", shape("bridge", ["8000"]), "deal-scout")).toMatch(
      /fixed host port\(s\) 8000/,
    );
    expect(scaleRefusal("backend", shape("bridge", [], "backend"), "deal-scout")).toMatch(/container_name/);
    expect(scaleRefusal("backend", shape("bridge", []), "deal-scout")).toBeNull();
    const plan = composeServiceActionPlan(
      target,
      action("scale-backend"),
      facts({ shapes: new Map([["backend", shape("host", [])]]) }),
      NOW,
    );
    expect(plan.blocked).toMatch(/^cannot scale backend here: backend runs on the host's network/);
    expect(plan.steps.map((s) => s.kind)).toEqual(["manual"]);
  });

  it("the schema refuses service actions without a compose project and duplicate ids", () => {
    const a = serviceActionSchema.parse({
      id: "x",
      label: "x",
      confirm: "X",
      steps: [{ do: "restart", service: "api" }],
    });
    const parse = (actions: unknown) => runbookSchema.safeParse({ ...buildDealScout({}), actions });
    const stack = { services: [{ service: "api", role: "primary", container: "api" }] };
    const noProject = parse({
      stack,
      rollback: { kind: "manual", steps: [{ name: "n", command: "c" }] },
      services: [a],
    });
    expect(noProject.success).toBe(false);
    expect(JSON.stringify(noProject.error?.issues)).toMatch(
      /service actions find their containers by compose project/,
    );
    const twice = parse({
      stack: { ...stack, project: "p" },
      rollback: { kind: "manual", steps: [{ name: "n", command: "c" }] },
      services: [a, a],
    });
    expect(twice.error?.issues.map((i) => i.message)).toContain('two actions with id "x"');
  });
});

describe("old files (find -name … -mtime +N -delete), inside the named directory only", () => {
  const dir = mkdtempSync(join(tmpdir(), "warroom-files-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const DAY = 86_400_000;

  it("matches names as find does and counts whole days as -mtime +N does", () => {
    const m = nameMatcher("*.log.*");
    expect([m("app.log.1"), m("app.log"), m("x.log.2.gz"), m("applog.1")]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(nameMatcher(undefined)("anything")).toBe(true);
    const now = Date.parse("2026-12-05T12:00:00Z");
    expect(isOlderThan(now - 7.9 * DAY, 7, now)).toBe(false);
    expect(isOlderThan(now - 8 * DAY, 7, now)).toBe(true);
  });

  it("lists only old matching regular files, never through a symlink; deletes only what is still old", async () => {
    const old = new Date(Date.now() - 10 * DAY);
    const put = (rel: string, when: Date) => {
      const p = join(dir, rel);
      mkdirSync(join(p, ".."), { recursive: true });
      writeFileSync(p, "x");
      utimesSync(p, when, when);
      return p;
    };
    const a = put("logs/app.log.1", old);
    const b = put("logs/nested/worker.log.3", old);
    put("logs/app.log", old);
    put("logs/app.log.2", new Date());
    const outside = put("elsewhere/secret.log.1", old);
    symlinkSync(outside, join(dir, "logs/link.log.1"));
    symlinkSync(join(dir, "elsewhere"), join(dir, "logs/linked-dir"));
    const group = { label: "log files", dir: join(dir, "logs"), name: "*.log.*", olderThanDays: 7 };
    const { files, notes } = await listOldFiles(
      [group, { label: "gone", dir: join(dir, "nope"), olderThanDays: 7 }],
      new Date(),
    );
    expect(files.map((f) => f.path).sort()).toEqual([a, b].sort());
    expect(notes).toEqual([`${join(dir, "nope")}: no such directory (nothing to delete)`]);
    // Touched since the plan: kept. A path outside the directory: kept.
    utimesSync(b, new Date(), new Date());
    const lines: string[] = [];
    await deleteOldFiles(group, [a, b, outside], (l) => lines.push(l));
    expect(lines).toEqual([
      `deleted ${a}`,
      `kept ${b}: changed since the plan (no longer old enough)`,
      `kept ${outside}: outside ${join(dir, "logs")}`,
      "1 file deleted, 0.0 MB freed",
    ]);
  });
});
