import type { PlannedStep, RollbackPlan, RollbackTarget, UsTrafficTarget } from "@/lib/model/rollback";
import { execBlocked } from "@/lib/rollback/backup-plan";
import { hashPlan, verifySteps } from "@/lib/rollback/plan-steps";

export const PAUSE_US_WORD = "PAUSE US";
export const RESUME_US_WORD = "RESUME US";

/**
 * Launch day §4.3 step 1 as a confirmed action: the flag changed and the API reloaded by the runbook's
 * commands in its container, then the verification requests (US search refused when paused, served when
 * resumed). Blocked while the container is absent or not running.
 */
export function composeUsTrafficPlan(
  kind: "pause-us" | "resume-us",
  target: RollbackTarget,
  us: UsTrafficTarget,
  state: string | null,
  now: Date,
): RollbackPlan {
  const commands = kind === "pause-us" ? us.pause : us.resume;
  const steps: PlannedStep[] = [
    ...commands.map(
      (cmd): PlannedStep => ({
        name: `${cmd.join(" ")} in ${us.container}`,
        command: `docker exec ${us.container} ${cmd.map(quote).join(" ")}`,
        kind: "exec",
        args: { long: "1", container: us.container, cmd: JSON.stringify(cmd) },
      }),
    ),
    ...verifySteps({ ...target, verify: kind === "pause-us" ? us.verifyPaused : us.verifyResumed }),
  ];
  const blocked = execBlocked(us.container, state, kind === "pause-us" ? "the pause" : "the resume");
  return {
    kind,
    project: target.project ?? "",
    builtAt: now.toISOString(),
    planHash: hashPlan({ kind, container: us.container, state, steps: steps.map((s) => s.command) }),
    confirmWords: [kind === "pause-us" ? PAUSE_US_WORD : RESUME_US_WORD],
    source: "none",
    sourceDetail: `${kind === "pause-us" ? "pause" : "resume"} US traffic in ${us.container}${us.source ? ` (${us.source})` : ""}`,
    services: [
      {
        service: us.service,
        container: us.container,
        repo: null,
        role: "primary",
        current: state ? { id: "", tag: null, state } : null,
        target: null,
        action: "start",
        ...(state ? {} : { skipped: `${us.container}: no such container` }),
      },
    ],
    steps: blocked ? [] : steps,
    blocked,
  };
}

/** A shell word as a person would type it (the command shown; the engine gets the array). */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
