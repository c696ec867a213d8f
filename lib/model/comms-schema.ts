import { z } from "zod";
import { envName } from "@/lib/model/check-base";

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case: lowercase letters, digits and dashes");

/** `{{key}}` in a template's text. Keys are snake_case. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

export const SEVERITIES = ["P0", "P1", "P2"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const TIME_ANCHORS = ["now", "launch", "incident-start", "incident-end", "next-update"] as const;
export const TIME_FORMATS = ["time", "time-zone", "zone", "date"] as const;

/**
 * Where a placeholder's value comes from. Every kind but `manual` is a live value: when it cannot be
 * known it is rendered as `[label: unknown — reason]`, never guessed.
 */
export const placeholderSourceSchema = z.discriminatedUnion("from", [
  z.object({
    /** The current value of one check, with its unit (`182ms`, `0.4%`). */
    from: z.literal("check"),
    check: id,
    /** Unit written after the number; defaults to the reading's own unit. */
    unit: z.string().optional(),
  }),
  z.object({
    /** GREEN / YELLOW / RED (or 🟢 🟡 🔴) from the worst level of the listed checks and the active incident. */
    from: z.literal("status"),
    /** Checks that make up the status; all checks of the board when absent. */
    checks: z.array(id).optional(),
    style: z.enum(["word", "emoji"]).default("word"),
  }),
  z.object({
    /** 🔴 DOWN / 🟡 DEGRADED / 🟢 RECOVERING (incident §5.1) from the incident and the listed checks. */
    from: z.literal("incident-status"),
    checks: z.array(id).optional(),
  }),
  z.object({
    /** Non-ok checks with their summaries; `okText` when every listed check is ok. */
    from: z.literal("failing-checks"),
    checks: z.array(id).optional(),
    okText: z.string().default("nothing failing on the board"),
  }),
  z.object({
    /** A clock time: HH:MM, HH:MM plus zone (EDT, UTC), the zone alone, or a date (April 23, 2026). */
    from: z.literal("time"),
    at: z.enum(TIME_ANCHORS).default("now"),
    /** `local` is the runbook's time zone, shown with its real abbreviation (EDT in April, not EST). */
    zone: z.enum(["local", "utc"]).default("local"),
    format: z.enum(TIME_FORMATS).default("time-zone"),
  }),
  z.object({
    /** Whole minutes from the incident's start to its end. */
    from: z.literal("incident-duration"),
  }),
  z.object({
    from: z.literal("incident"),
    field: z.enum(["severity", "title", "impact", "phase"]),
  }),
  z.object({
    /**
     * The rollback decision: the one-sentence reason typed at confirmation, who confirmed it, and the
     * run's outcome once it has ended (unknown while it runs).
     */
    from: z.literal("rollback"),
    field: z.enum(["reason", "by", "outcome"]),
  }),
  z.object({
    /** Left for a person (root cause, action item…); rendered as `[hint]` until filled in. */
    from: z.literal("manual"),
    hint: z.string().min(1).optional(),
  }),
]);
export type PlaceholderSource = z.infer<typeof placeholderSourceSchema>;
export type PlaceholderSourceKind = PlaceholderSource["from"];

export const placeholderSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be snake_case: lowercase letters, digits and _"),
  /** Human name, used in `[label: unknown — …]` and in forms. */
  label: z.string().min(1),
  source: placeholderSourceSchema,
});
export type Placeholder = z.infer<typeof placeholderSchema>;
export type PlaceholderInput = z.input<typeof placeholderSchema>;

export const templateSchema = z
  .object({
    id,
    title: z.string().min(1),
    /** Where it is posted: Slack channels (`#us-launch-ops`) or other places (`status page`). */
    channels: z.array(z.string().min(1)).min(1, "needs at least one channel"),
    audience: z.enum(["internal", "public"]).default("internal"),
    /** When the runbook says to post it. */
    when: z.string().optional(),
    /** Runbook section it comes from, e.g. "incident §5.1". */
    source: z.string().optional(),
    /** Repeats during an active incident (status updates): every N minutes, for these severities. */
    cadence: z
      .object({
        everyMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60),
        severities: z.array(z.enum(SEVERITIES)).default([...SEVERITIES]),
      })
      .optional(),
    /** The runbook's text with `{{key}}` where a value goes. */
    text: z.string().min(1),
    placeholders: z.array(placeholderSchema).default([]),
  })
  .superRefine((t, ctx) => {
    const declared = new Map<string, number>();
    t.placeholders.forEach((p, i) => {
      if (declared.has(p.key)) {
        ctx.addIssue({
          code: "custom",
          path: ["placeholders", i, "key"],
          message: `duplicate key "${p.key}"`,
        });
      }
      declared.set(p.key, i);
    });
    const used = new Set(placeholderKeys(t.text));
    for (const key of used) {
      if (!declared.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["text"],
          message: `uses {{${key}}} but declares no placeholder "${key}"`,
        });
      }
    }
    for (const [key, i] of declared) {
      if (!used.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["placeholders", i, "key"],
          message: `"${key}" is not used in text`,
        });
      }
    }
  });
export type Template = z.infer<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;

export const templatesSchema = z.array(templateSchema).superRefine((templates, ctx) => {
  const seen = new Set<string>();
  templates.forEach((t, i) => {
    if (seen.has(t.id))
      ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate template id "${t.id}"` });
    seen.add(t.id);
  });
});

/** Keys of the `{{key}}` placeholders in a text, in order of first use. */
export function placeholderKeys(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER_PATTERN), (m) => m[1] ?? ""))];
}

type AddIssue = (issue: { path: (string | number)[]; message: string }) => void;

/** Cross-references: every check a template names must exist in the runbook. */
/**
 * A Slack channel the runbook names and the environment variable that holds its incoming-webhook URL (a
 * credential: the runbook names the variable, never the URL). Slack binds each incoming webhook to one channel.
 */
export const slackChannelSchema = z.object({
  channel: z.string().regex(/^#[a-z0-9][a-z0-9_-]*$/, "must be a Slack channel such as #us-launch-ops"),
  webhookEnv: envName,
  /** What the runbook says the channel is for. */
  use: z.string().optional(),
  source: z.string().optional(),
});
export type SlackChannel = z.infer<typeof slackChannelSchema>;

export function checkTemplateRefs(
  rb: {
    checks: readonly { id: string }[];
    templates: readonly Template[];
    slackChannels?: readonly SlackChannel[];
  },
  addIssue: AddIssue,
): void {
  const seen = new Set<string>();
  (rb.slackChannels ?? []).forEach((c, i) => {
    if (seen.has(c.channel))
      addIssue({ path: ["slackChannels", i, "channel"], message: `duplicate channel "${c.channel}"` });
    seen.add(c.channel);
  });
  const checkIds = new Set(rb.checks.map((c) => c.id));
  rb.templates.forEach((t, i) => {
    t.placeholders.forEach((p, j) => {
      const at = ["templates", i, "placeholders", j, "source"];
      const s = p.source;
      if (s.from === "check" && !checkIds.has(s.check)) {
        addIssue({ path: [...at, "check"], message: `no check with id "${s.check}"` });
      }
      if ((s.from === "status" || s.from === "incident-status" || s.from === "failing-checks") && s.checks) {
        s.checks.forEach((c, k) => {
          if (!checkIds.has(c)) addIssue({ path: [...at, "checks", k], message: `no check with id "${c}"` });
        });
      }
    });
  });
}
