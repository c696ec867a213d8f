import { describe, expect, it } from "vitest";
import { runbookSchema } from "@/lib/model/runbook-schema";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";

const base = {
  id: "t",
  name: "T",
  system: "S",
  launch: { local: "2026-04-23T09:00", timeZone: "UTC" },
  checks: [
    { id: "rate", kind: "prometheus", label: "5xx", url: "http://127.0.0.1:1/metrics", series: "error-rate" },
    { id: "up", kind: "http", label: "up", url: "http://127.0.0.1:1/health" },
  ],
};
const issues = (logPush: unknown) => {
  const r = runbookSchema.safeParse({ ...base, logPush });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("logPush in the runbook", () => {
  it("names what is wrong: the status group, the tiles, the thresholds", () => {
    const containers = [{ container: "api" }];
    expect(issues({ containers, accessLine: '"(\\S+) (\\d{3})', errorRate: { check: "rate" } })).toContain(
      "logPush.accessLine: needs a named group (?<status>…) for the HTTP status",
    );
    expect(issues({ containers, errorRate: { check: "nope" } })).toEqual([
      'logPush.errorRate.check: no check with id "nope"',
    ]);
    expect(issues({ containers, errorRate: { check: "rate" } })).toEqual([
      'logPush.errorRate.thresholds: check "rate" has no thresholds: give the live rate its own (percent)',
    ]);
    expect(
      issues({
        containers,
        errorRate: { check: "rate", thresholds: { direction: "above", crit: 1 } },
        errorLines: { check: "up" },
      }),
    ).toEqual(['logPush.errorLines.check: check "up" is not a docker-logs check']);
    expect(issues({ containers: [{ project: "p" }], errorRate: { check: "rate" } })[0]).toMatch(
      /^logPush.containers.0.container/,
    );
  });

  it("BuyWhere follows the API container and annotates its error-rate and log-error tiles", () => {
    const rb = runbookSchema.parse(buildBuyWhereUsLaunch({}));
    expect(rb.logPush).toMatchObject({
      containers: [{ project: "buywhere-api", service: "api", socketPath: "/var/run/docker.sock" }],
      windowSec: 10,
      failStatus: 500,
      errorRate: { check: "error-rate" },
      errorLines: { check: "api-log-errors" },
    });
  });
});
