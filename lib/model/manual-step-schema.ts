import { z } from "zod";

/** A step warroom never runs: shown with the exact command for a human to type. */
export const manualStepSchema = z.object({
  name: z.string().min(1),
  command: z.string().min(1),
  warning: z.string().optional(),
});
export type ManualStep = z.infer<typeof manualStepSchema>;
