import { z } from "zod";
import { SEVERITIES } from "@/lib/model/comms-schema";

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case: lowercase letters, digits and dashes");

/**
 * A message the runbook says to send during an incident at a given time: first `afterMinutes` after the
 * declaration (default: `everyMinutes`), then, with `everyMinutes`, again that long after each answer.
 * Without `everyMinutes` it is sent once (a public status post when the outage passes 15 min). It is
 * answered by a timeline entry naming it (a note's prompt, or a post of `template`).
 */
export const commsPromptSchema = z
  .object({
    id,
    label: z.string().min(1),
    /** The template whose post answers it. */
    template: id.optional(),
    /** Who it goes to (a person id), when it is a direct message. */
    to: id.optional(),
    afterMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
    everyMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
    severities: z.array(z.enum(SEVERITIES)).default([...SEVERITIES]),
    source: z.string().optional(),
  })
  .strict()
  .refine((p) => p.afterMinutes !== undefined || p.everyMinutes !== undefined, {
    message: "give afterMinutes (first due), everyMinutes (repeating) or both",
  });
export type CommsPromptSpec = z.infer<typeof commsPromptSchema>;
export type CommsPromptInput = z.input<typeof commsPromptSchema>;

/** A prompt's state on the board (lib/rules/comms-prompts.ts). */
export type CommsPrompt = {
  id: string;
  label: string;
  to: string | null;
  template: string | null;
  /** When it is (next) due; null once a one-off prompt has been answered. */
  dueAt: string | null;
  status: "upcoming" | "due" | "done";
  lastAnsweredAt: string | null;
  source: string | null;
};
