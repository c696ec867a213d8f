import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { canLead } from "@/lib/auth/permissions";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { recordModeChange } from "@/lib/db/record-mode-change";
import { afterChange } from "@/lib/launch/get-launch-state";
import { Refusal } from "@/lib/model/refusal";
import { SCREEN_MODES } from "@/lib/model/screen-mode";
import { modesOf } from "@/lib/rules/screen-mode";

export const screenModeBody = z.object({
  /** The mode to hold the screen in; null hands the choice back to the events. */
  mode: z.enum(SCREEN_MODES).nullable(),
  reason: z.string().trim().min(3, "a mode change needs a reason").max(500),
});

/** The lead holds the shared screen in one of the runbook's modes, or clears that choice. */
export async function setScreenMode(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof screenModeBody>,
) {
  const allowed = canLead(actor.person, "sets the screen's mode");
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  const modes = modesOf(ctx.runbook);
  if (body.mode !== null && !modes.includes(body.mode)) {
    throw new Refusal(400, `mode: this runbook's modes are ${modes.join(", ")}, not "${body.mode}"`);
  }
  const message =
    body.mode === null
      ? `${actor.person.name} handed the screen's mode back to the events: ${body.reason}`
      : `${actor.person.name} set the screen to ${body.mode} mode: ${body.reason}`;
  await recordModeChange(ctx.db, {
    runbookId: ctx.runbook.id,
    mode: body.mode,
    personId: actor.person.id,
    reason: body.reason,
    audit: auditEntry(ctx.runbook.id, actor, meta, "screen-mode", message, {
      mode: body.mode,
      reason: body.reason,
    }),
  });
  return afterChange(ctx);
}
