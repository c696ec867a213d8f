import { afterAll, beforeAll, describe, it } from "vitest";
import type { Reading } from "@/lib/model/probe";
import { suggestSeverity } from "@/lib/rules/severity";
import type { DsFault } from "./ds-faults";
import { showReadings } from "./testing/ds-board";
import { dealScoutStack, isLevel, skipReason, type Want } from "./testing/ds-stack";

// Deal Scout's own stack (runbook 003), brought up once by the project's global setup; each scenario
// switched on, read off the preset's checks and the decision tree the board uses, switched off again, and
// read back to ok.
const ds = dealScoutStack();

type Scenario = {
  fault: DsFault;
  /** The checks it must turn, and how. */
  on: Record<string, Exclude<Want, "ok">>;
  branch: string;
  severity: "P0" | "P1" | "P2";
  /** Back to ok after off, beyond its own checks (except LINGERING): what must recover with it. */
  recovers?: string[];
};

const S = (
  fault: DsFault,
  on: Scenario["on"],
  branch: string,
  severity: Scenario["severity"],
  recovers: string[] = [],
): Scenario => ({ fault, on, branch, severity, recovers });

/**
 * Scenarios in groups run side by side: within a group no two turn or clear the same check, and none
 * stops what another one's checks read through (the backend's /health reads PostgreSQL and Redis, so
 * db-down, redis-down and db-locks are each in a group of their own kind). Groups run one after the other,
 * each from rest.
 */
const GROUPS: Scenario[][] = [
  [
    S("errors", { "error-rate": "crit", "backend-errors": "not-ok" }, "error-rate", "P0"),
    S("latency", { "latency-p95": "warn" }, "latency", "P2"),
    S("memory", { "backend-container": "warn" }, "memory", "P2"),
    S("disk-full", { disk: "crit" }, "disk", "P0"),
    S(
      "ebay-down",
      { "ebay-api": "crit", "ebay-errors": "warn", "ebay-log-errors": "not-ok" },
      "marketplace",
      "P2",
    ),
    S("smtp-down", { "email-failures": "warn", "smtp-log-errors": "not-ok" }, "notifications", "P2"),
  ],
  [
    S("db-connections", { "db-connections": "crit" }, "db-locked", "P0"),
    S("queue-backlog", { "celery-queue": "crit", "queue-depth": "crit" }, "queue", "P1", ["celery-workers"]),
  ],
  [
    S("db-locks", { "db-locks": "crit" }, "db-locked", "P0"),
    // Back means a worker answers `inspect ping` again, as the board reads it.
    S("no-workers", { "celery-workers": "crit", "worker-container": "crit" }, "queue", "P1"),
  ],
  [
    S("slow-queries", { "slow-queries": "warn", "latency-p95": "warn" }, "latency", "P2"),
    // Redis back is not enough: the worker must have reconnected to it (celery retries on its own clock).
    S("redis-down", { "redis-ping": "crit", "redis-container": "crit", health: "crit" }, "redis", "P1", [
      "celery-workers",
      "celery-queue",
    ]),
  ],
  [S("db-down", { "db-ping": "crit", "postgres-container": "crit", health: "crit" }, "database", "P0")],
];

const RANK: Record<string, number> = { P0: 0, P1: 1, P2: 2, none: 3 };
/** Counts over five minutes (eBay errors, email failures) stay up after off, as the runbook's alerts do. */
const LINGERING = ["ebay-errors", "email-failures"];

describe.skipIf(!ds)("Deal Scout's containerised stack, scenario by scenario", () => {
  if (!ds) {
    console.warn(`SKIPPED sim/dealscout: ${skipReason()}`);
    return;
  }
  const { board, fault, runbook } = ds;

  it("is up at rest: every service answers, one celery worker, nothing queued", async ({ expect }) => {
    const readings = await ds.settle();
    expect(readings.get("celery-workers")?.value).toBe(1);
    expect(readings.get("celery-queue")?.value).toBeLessThan(1000);
    // The running release, and whether an older one is there to roll back to (none on a fresh machine).
    const image = readings.get("backend-image");
    if (image?.level !== "ok")
      expect(image?.summary).toMatch(
        /deal-scout-backend.*: .*a rollback has no earlier release to go back to/,
      );
  }, 150_000);

  /** The group whose scenarios may be on now: a scenario of another group running beside it fails. */
  let current: Scenario[] | null = null;
  for (const group of GROUPS) {
    // Plain describe: vitest runs consecutive concurrent suites together, and the groups must not overlap.
    describe(group.map((s) => s.fault).join(" + "), () => {
      beforeAll(async () => {
        await ds.settle();
        current = group;
      }, 150_000);
      afterAll(() => {
        current = null;
      });

      for (const { fault: name, on, branch, severity, recovers = [] } of group) {
        const ids = Object.keys(on);
        it.concurrent(`${name}: ${ids.join(", ")} → ${branch} (${severity}); off → ok`, async ({
          expect,
        }) => {
          expect(current, "groups run one after the other").toBe(group);
          await fault(name, true);
          let readings: Map<string, Reading>;
          try {
            readings = await board.until(`${name} on`, (r) =>
              Object.entries(on).every(([id, want]) => isLevel(r.get(id), want)),
            );
          } finally {
            await fault(name, false);
          }
          // The tree maps the scenario's readings to its branch; with everything else read as well, the
          // board's suggestion is at least that severe (scenarios beside it, or a slow host, add to it).
          const own = suggestSeverity(
            ids.map((id) => treeCheck(readings.get(id) as Reading)),
            runbook.scale,
          );
          expect(own.scenario?.id, showReadings(readings, ids)).toBe(branch);
          expect(own.severity).toBe(severity);
          const whole = suggestSeverity([...readings.values()].map(treeCheck), runbook.scale);
          expect(RANK[whole.severity ?? "none"]).toBeLessThanOrEqual(RANK[severity] ?? 3);

          const back = [...ids.filter((id) => !LINGERING.includes(id)), ...recovers];
          await board.until(`${name} off`, (r) => back.every((id) => r.get(id)?.level === "ok"));
          expect(current, "groups run one after the other").toBe(group);
        }, 150_000);
      }
    });
  }
});

function treeCheck(r: Reading) {
  // The tree names its checks by id (no checkKind branch), so the kind is not needed here.
  return { id: r.checkId, kind: "", level: r.level, value: r.value, summary: r.summary };
}
