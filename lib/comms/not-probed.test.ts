import { describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { buildCommsContext } from "@/lib/comms/build-comms-context";
import { findTemplate } from "@/lib/comms/list-templates";
import { renderTemplate } from "@/lib/comms/render-template";
import { checkSchema } from "@/lib/model/runbook-schema";
import { loadRunbook } from "@/lib/runbook/load-runbook";
import { HEALTHY_CHECKS, testBoard, testCheck } from "@/test/support/comms-board";

const { runbook } = loadRunbook({}, new Date("2026-04-23T08:00:00Z"));

describe("a check this deployment does not probe says nothing about the system", () => {
  it("its reading is unknown with the reason, marked notProbed", async () => {
    const check = checkSchema.parse({
      id: "sentry-x",
      label: "Sentry",
      kind: "sentry",
      url: "https://sentry.io",
      org: "o",
      project: "p",
      query: "q",
      tokenEnv: "T",
      unavailable: "Sentry not configured: WARROOM_SENTRY_PROJECT is not set",
    });
    const r = await runProbe(check, { timeoutMs: 1000, state: new Map() });
    expect(r).toMatchObject({
      level: "unknown",
      summary: "Sentry not configured: WARROOM_SENTRY_PROJECT is not set",
    });
    expect(r.evidence.notProbed).toBe(true);
  });

  it("the status colour and the failing list leave it out; an unknown reading of a probed check still counts", () => {
    const notProbed = {
      ...testCheck("ga4-search", "GA4 search per minute", "unknown", null, null, "GA4 not configured"),
      evidence: { notProbed: true },
    };
    const template = findTemplate(runbook, "status-update");
    if (!template) throw new Error("no template");
    const healthy = renderTemplate(
      template,
      buildCommsContext(testBoard([...HEALTHY_CHECKS, notProbed])),
    ).text;
    expect(healthy).toContain("🟢");
    expect(healthy).not.toContain("GA4");
    const unread = { ...notProbed, evidence: {} };
    const unknown = renderTemplate(template, buildCommsContext(testBoard([...HEALTHY_CHECKS, unread]))).text;
    expect(unknown).toContain("no current reading for GA4 search per minute");
  });
});
