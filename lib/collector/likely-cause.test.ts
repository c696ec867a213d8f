import { describe, expect, it } from "vitest";
import { likelyCauseOf } from "@/lib/collector/likely-cause";
import type { CheckState } from "@/lib/model/board";
import type { ActiveIncidentView } from "@/lib/model/incident";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";
import { buildDealScout } from "@/lib/runbook/presets/deal-scout";

const runbook = parseRunbook(buildBuyWhereUsLaunch({}), "test");
const active = (declaredAt: string, firedAt?: string) =>
  ({
    declaredAt,
    timeline: firedAt ? [{ id: 1, at: firedAt, kind: "rule-fired", actor: null, message: "", data: {} }] : [],
  }) as unknown as ActiveIncidentView;
const api = (startedAt: string) =>
  ({
    id: "container-api",
    kind: "docker-container",
    evidence: { container: "buywhere-api-api-1", startedAt, image: "buywhere-api:latest" },
  }) as unknown as CheckState;

/** The runbook's primary container as the actions name it. */
function primaryOf(rb: ReturnType<typeof parseRunbook>): string {
  const stack = rb.actions?.stack;
  const primary = stack?.services.find((s) => s.role === "primary");
  return primary?.container ?? `${stack?.project}-${primary?.service}-1`;
}

describe("likelyCauseOf: the BuyWhere API container against the incident's onset", () => {
  it("the API container restarted 5 min before the first rule fired", () => {
    const text = likelyCauseOf(
      runbook,
      active("2026-04-23T14:10:00Z", "2026-04-23T14:02:00Z"),
      [api("2026-04-23T13:57:00Z")],
      undefined,
    );
    expect(text).toMatch(
      /^buywhere-api-api-1 restarted at 13:57 UTC on buywhere-api:latest, 5 min before the incident's onset \(14:02 UTC\).*\(incident §2\.6\)$/,
    );
  });

  it("cites the runbook's own rule, and a runbook without one gets no likely-cause line", () => {
    const fired = active("2026-04-23T14:10:00Z", "2026-04-23T14:02:00Z");
    const ds = parseRunbook(buildDealScout({}), "test");
    const container = primaryOf(ds);
    const restart = {
      ...api("2026-04-23T13:57:00Z"),
      evidence: { container, startedAt: "2026-04-23T13:57:00Z" },
    } as unknown as CheckState;
    expect(likelyCauseOf(ds, fired, [restart], undefined)).toMatch(
      /\(003 Rollback: verify the issue is from a recent deployment\)$/,
    );
    expect(likelyCauseOf(ds, fired, [restart], undefined)).not.toMatch(/incident §2\.6/);
    const without = { ...ds, likelyCause: undefined };
    expect(likelyCauseOf(without, fired, [restart], undefined)).toBeNull();
  });

  it("says nothing for a container up since the morning, or without an incident", () => {
    expect(
      likelyCauseOf(runbook, active("2026-04-23T14:10:00Z"), [api("2026-04-23T08:00:00Z")], undefined),
    ).toBeNull();
    expect(likelyCauseOf(runbook, null, [api("2026-04-23T14:05:00Z")], undefined)).toBeNull();
  });
});
