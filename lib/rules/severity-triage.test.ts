import { describe, expect, it } from "vitest";
import { suggestSeverity, type TreeCheck } from "@/lib/rules/severity";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { PRESETS } from "@/lib/runbook/presets";

const runbook = parseRunbook(PRESETS["buywhere-us-launch"]({}), "preset");
const check = (id: string, level: TreeCheck["level"], value: number | null = null): TreeCheck => ({
  id,
  kind: "http",
  level,
  value,
  summary: `${id} ${level}`,
});
const healthy = [check("api-health", "ok"), check("error-rate", "ok", 0.2)];

describe("launch day §5.2 P3/P4: what fails below P2 is triage, not silence", () => {
  it("no incident suggested but a check warns: P3/P4 with the checks and the runbook's handling", () => {
    const s = suggestSeverity(
      [...healthy, check("host-load", "warn", 3.4)],
      runbook.scale,
      runbook.severityRules,
    );
    expect(s.severity).toBeNull();
    expect(s.triage).toEqual({
      label: "P3/P4",
      action: "Triage in #us-launch-ops; fix after stabilisation, not during the launch window",
      source: "launch day §5.2: P3/P4 (medium/low)",
      checks: ["host-load"],
    });
  });

  it("everything ok, or only unreadable: no triage (unknown is named elsewhere)", () => {
    expect(suggestSeverity(healthy, runbook.scale, runbook.severityRules).triage).toBeUndefined();
    const unread = suggestSeverity([...healthy, check("ga4-search", "unknown")], runbook.scale);
    expect(unread.triage).toBeUndefined();
  });

  it("a suggested incident is not triage", () => {
    const s = suggestSeverity([check("api-health", "crit"), check("error-rate", "ok", 0.2)], runbook.scale);
    expect(s.severity).toBe("P0");
    expect(s.triage).toBeUndefined();
  });
});
