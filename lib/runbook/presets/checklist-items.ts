import type { ChecklistInput } from "@/lib/model/checklist-schema";

type Item = ChecklistInput["items"][number];

/** A person did it: `owner` is a person id or `role:<role>`. */
export const tick = (id: string, owner: string, label: string, source?: string): Item => ({
  id,
  kind: "tick",
  owner,
  label,
  source,
});

/** A person records what `system` showed: the board never invents it. */
export const entry = (id: string, owner: string, system: string, label: string, source?: string): Item => ({
  id,
  kind: "entry",
  owner,
  system,
  label,
  source,
});
