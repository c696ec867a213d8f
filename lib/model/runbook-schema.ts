import { z } from "zod";
import { actionsSchema, checkActionRefs } from "@/lib/model/actions-schema";
import { CHECK_BASE, port } from "@/lib/model/check-base";
import { checkChecklistRefs, checklistSchema } from "@/lib/model/checklist-schema";
import { commsPromptSchema } from "@/lib/model/comms-prompt-schema";
import { checkTemplateRefs, slackChannelSchema, templatesSchema } from "@/lib/model/comms-schema";
import { checkDeployWatchRefs, deployWatchSchema } from "@/lib/model/deploy-watch-schema";
import { EXTERNAL_CHECK_SCHEMAS } from "@/lib/model/external-check-schemas";
import {
  httpCheckSchema,
  id,
  redirectCheckSchema,
  thresholdSchema,
  url,
} from "@/lib/model/http-check-schemas";
import { httpRepeatCheckSchema, httpRunCheckSchema } from "@/lib/model/http-pair-check-schemas";
import {
  checkIncidentRuleRefs,
  incidentRollbackSchema,
  severityRuleSchema,
} from "@/lib/model/incident-rules-schema";
import { INFRA_CHECK_SCHEMAS } from "@/lib/model/infra-checks";
import { checkLaunchFlowRefs, LAUNCH_FLOW_DEFAULT, launchFlowSchema } from "@/lib/model/launch-flow-schema";
import { launchSchema } from "@/lib/model/launch-schema";
import { checkLogPushRefs, logPushSchema } from "@/lib/model/log-push-schema";
import { prometheusCheckSchema } from "@/lib/model/prometheus-check-schema";
import { SCREEN_MODES } from "@/lib/model/screen-mode";
import {
  checkScaleRefs,
  NEUTRAL_SCALE,
  runbookNoteSchema,
  severityScaleSchema,
} from "@/lib/model/severity-scale-schema";
import { checkTriggerRefs, triggersSchema } from "@/lib/model/trigger-schema";

/** Levels a check can report, worst last except `unknown`, which is its own state. */
export const LEVELS = ["ok", "warn", "crit", "unknown"] as const;
export type Level = (typeof LEVELS)[number];

export const searchCheckSchema = z
  .object({
    ...CHECK_BASE,
    kind: z.literal("search"),
    url,
    minTotal: z.number().int().default(1),
    currency: z.string().optional(),
    /**
     * The results judged per source (incident §1 P2: "Amazon results missing", "USD pricing wrong on one
     * source"): `field` names a product's source; every source in `require` must have a product among the
     * results; with `pricing`, each source's products must all carry `currency` and a positive price.
     */
    bySource: z
      .object({
        field: z.string().min(1).default("retailer"),
        require: z.array(z.string().min(1)).default([]),
        pricing: z.boolean().default(false),
      })
      .optional(),
    /** Latency levels in ms (deploy §3 test 9: every search < 2 s). */
    thresholds: thresholdSchema.optional(),
  })
  .refine((c) => !c.bySource?.pricing || c.currency !== undefined, {
    message: "bySource.pricing judges each source's prices in `currency`: set currency",
    path: ["bySource", "pricing"],
  });

export const productDetailCheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("product-detail"),
  /** A search whose first product id is looked up. */
  searchUrl: url,
  /** Detail URL with `{id}` in place of the product id. */
  detailUrl: z.string().includes("{id}", { message: "must contain {id}" }),
  field: z.string().default("name"),
});

export const tlsCheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("tls"),
  host: z.string().min(1),
  port: port.default(443),
  servername: z.string().optional(),
  thresholds: thresholdSchema.default({ direction: "below", warn: 30, crit: 7 }),
});

/**
 * Uptime of another check over a window, counted from its stored readings (docs/runbook.md "Uptime"). Judged
 * by the collector after each cycle's probes, never over the network. `up`: the watched check's levels that
 * count as up; unknown readings never do. Below `minCoveragePct` of the window measured, the level is only
 * what the missing readings could not change (else unknown).
 */
export const uptimeWindowSchema = z.union([
  z.object({ since: z.literal("t0") }).strict(),
  z
    .object({
      minutes: z
        .number()
        .int()
        .positive()
        .max(31 * 24 * 60),
    })
    .strict(),
  z
    .object({
      hours: z
        .number()
        .int()
        .positive()
        .max(31 * 24),
    })
    .strict(),
  z.object({ days: z.number().int().positive().max(31) }).strict(),
]);
export type UptimeWindow = z.infer<typeof uptimeWindowSchema>;

export const uptimeCheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("uptime"),
  /** The check whose readings are counted (not another uptime check). */
  check: id,
  window: uptimeWindowSchema,
  up: z
    .array(z.enum(["ok", "warn"]))
    .min(1)
    .default(["ok"]),
  minCoveragePct: z.number().min(0).max(100).default(90),
  /**
   * Report the downtime budget left instead of the up %: the window's minutes times (100 − sloPct)%, less
   * the measured down share of the window. The thresholds are then minutes left.
   */
  budget: z
    .object({ sloPct: z.number().gt(0).lt(100) })
    .strict()
    .optional(),
  thresholds: thresholdSchema.refine((t) => t.direction === "below", "uptime thresholds use direction below"),
});

export const checkSchema = z.discriminatedUnion("kind", [
  httpCheckSchema,
  httpRepeatCheckSchema,
  httpRunCheckSchema,
  searchCheckSchema,
  productDetailCheckSchema,
  redirectCheckSchema,
  tlsCheckSchema,
  prometheusCheckSchema,
  uptimeCheckSchema,
  ...INFRA_CHECK_SCHEMAS,
  ...EXTERNAL_CHECK_SCHEMAS,
]);
export type Check = z.infer<typeof checkSchema>;
export type CheckKind = Check["kind"];
export type CheckOf<K extends CheckKind> = Extract<Check, { kind: K }>;

export const ROLES = ["lead", "owner", "exec", "viewer"] as const;

export const personSchema = z.object({
  id,
  name: z.string().min(1),
  role: z.enum(ROLES),
  domain: z.string().optional(),
  title: z.string().optional(),
});
export type Person = z.infer<typeof personSchema>;

export const gaugeSchema = z.object({
  check: id,
  label: z.string().optional(),
});

export const runbookSchema = z
  .object({
    id,
    name: z.string().min(1),
    system: z.string().min(1),
    launch: launchSchema,
    /**
     * What the shared screen can be for (docs/modes.md): launch (T-0, poll, gates, milestones), deploy
     * (the deploy watch) and incident (response, no countdown). Default: all three, deploy only with a
     * deployWatch.
     */
    modes: z.array(z.enum(SCREEN_MODES)).min(1, "needs at least one mode").optional(),
    people: z.array(personSchema).default([]),
    collector: z
      .object({
        intervalMs: z.number().int().min(1000, "must be at least 1000 ms").max(300_000).default(5000),
        defaultTimeoutMs: z.number().int().positive().max(60_000).default(3000),
      })
      .default({ intervalMs: 5000, defaultTimeoutMs: 3000 }),
    checks: z.array(checkSchema).min(1, "needs at least one check"),
    /** The threshold table shown as gauges (launch-day §3.4, deploy §4). */
    gauges: z.array(gaugeSchema).default([]),
    /** Go/no-go poll, P0 gates, milestones and the delay rule (docs/launch-flow.md). */
    launchFlow: launchFlowSchema.default(LAUNCH_FLOW_DEFAULT),
    /** Communication templates (docs/comms.md). */
    templates: templatesSchema.default([]),
    /** Each Slack channel's incoming webhook, by the name of the variable holding it (docs/comms.md). */
    slackChannels: z.array(slackChannelSchema).default([]),
    /** Rules over time and rollback triggers (docs/incidents.md). */
    triggers: triggersSchema,
    /** Severities the runbook defines outright, beside the decision tree (docs/incidents.md). */
    severityRules: z.array(severityRuleSchema).default([]),
    /** Rollback triggers on an unresolved incident's age (docs/incidents.md). */
    incidentRollback: z.array(incidentRollbackSchema).default([]),
    /**
     * The runbook's "a restart or deploy near the onset is the likely cause" rule (BuyWhere incident §2.6):
     * where it says so, cited on the incident line. Absent: no likely-cause line.
     */
    likelyCause: z
      .object({ source: z.string().min(1) })
      .strict()
      .optional(),
    /** Its own severity definitions, decision tree, timers and engagement ladder (docs/incidents.md). */
    scale: severityScaleSchema.default(NEUTRAL_SCALE),
    /** Manual ticks and external entries per incident, response and post-incident (docs/incidents.md). */
    checklists: z.array(checklistSchema).default([]),
    /** Where the runbooks disagree and which side warroom took (the board's runbook notes). */
    notes: z.array(runbookNoteSchema).default([]),
    /** Timed messages during an incident (docs/comms.md): answered by a note or a post of their template. */
    prompts: z.array(commsPromptSchema).default([]),
    /** When the post-incident review is due, counted from the resolution (the post-mortem shows the clock). */
    postmortem: z
      .object({
        dueWithinHours: z
          .number()
          .int()
          .positive()
          .max(24 * 30),
        source: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Rollback and restart: Docker steps on a stack, or manual steps shown with their command. */
    actions: actionsSchema.optional(),
    /** Deploys seen in the engine's events: smoke suite and post-deploy window (docs/deploy-watch.md). */
    deployWatch: deployWatchSchema.optional(),
    /** The primary containers' logs followed: a live error rate that can only raise its tiles (docs/log-push.md). */
    logPush: logPushSchema.optional(),
  })
  .superRefine((rb, ctx) => {
    checkLaunchFlowRefs(rb, (issue) => ctx.addIssue({ code: "custom", ...issue }));
    checkTemplateRefs(rb, (issue) => ctx.addIssue({ code: "custom", ...issue }));
    checkTriggerRefs(rb, (issue) => ctx.addIssue({ code: "custom", ...issue }));
    checkIncidentRuleRefs(rb, (issue) => ctx.addIssue({ code: "custom", ...issue }));
    checkScaleRefs(rb, (issue) => ctx.addIssue({ code: "custom", ...issue }));
    checkChecklistRefs(rb, (issue) => ctx.addIssue({ code: "custom", ...issue }));
    checkDeployWatchRefs(rb, (issue) => ctx.addIssue({ code: "custom", ...issue }));
    checkActionRefs(rb, (issue) => ctx.addIssue({ code: "custom", ...issue }));
    checkLogPushRefs(rb, (issue) => ctx.addIssue({ code: "custom", ...issue }));
    rb.modes?.forEach((m, i) => {
      if (rb.modes?.indexOf(m) !== i)
        ctx.addIssue({ code: "custom", path: ["modes", i], message: `mode "${m}" is listed twice` });
      if (m === "deploy" && !rb.deployWatch)
        ctx.addIssue({ code: "custom", path: ["modes", i], message: "the deploy mode needs a deployWatch" });
    });
    const seen = new Set<string>();
    rb.checks.forEach((c, i) => {
      if (seen.has(c.id)) {
        ctx.addIssue({ code: "custom", path: ["checks", i, "id"], message: `duplicate check id "${c.id}"` });
      }
      seen.add(c.id);
    });
    rb.checks.forEach((c, i) => {
      if (c.kind !== "uptime") return;
      const watched = rb.checks.find((w) => w.id === c.check);
      const message = !watched
        ? `no check with id "${c.check}"`
        : watched.kind === "uptime"
          ? "cannot count the uptime of another uptime check"
          : null;
      if (message) ctx.addIssue({ code: "custom", path: ["checks", i, "check"], message });
    });
    rb.gauges.forEach((g, i) => {
      const check = rb.checks.find((c) => c.id === g.check);
      if (!check) {
        ctx.addIssue({
          code: "custom",
          path: ["gauges", i, "check"],
          message: `no check with id "${g.check}"`,
        });
      } else if (!("thresholds" in check) || !check.thresholds) {
        ctx.addIssue({
          code: "custom",
          path: ["gauges", i, "check"],
          message: `check "${g.check}" has no thresholds to draw`,
        });
      }
    });
  });
export type Runbook = z.infer<typeof runbookSchema>;
export type RunbookInput = z.input<typeof runbookSchema>;
export {
  httpCheckSchema,
  type JsonAssertion,
  jsonAssertionSchema,
  redirectCheckSchema,
  type Threshold,
  thresholdSchema,
} from "@/lib/model/http-check-schemas";
export { type Launch, launchSchema } from "@/lib/model/launch-schema";
export { PROMETHEUS_SERIES, prometheusCheckSchema } from "@/lib/model/prometheus-check-schema";
