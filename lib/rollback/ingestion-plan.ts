import type { PlannedStep, RollbackPlan, RollbackTarget, ServicePlan } from "@/lib/model/rollback";
import { hashPlan, stopStep, waitStep } from "@/lib/rollback/plan-steps";
import type { ProjectContainer } from "@/lib/rollback/stack-restart-plan";

export const STOP_INGESTION_WORD = "STOP INGESTION";
export const RESUME_INGESTION_WORD = "RESUME INGESTION";

/** The verification check as the board reads it now (null: not on the board). */
export type CheckNow = { level: string; summary: string } | null;

/**
 * Launch day §4.5's database rollback around warroom: ingestion stopped before the restore (the restore
 * itself is Bolt's, by the backup/restore runbook), and resumed only after verification — the resume is
 * blocked until the runbook's verification check (the product count) reads ok.
 */
export function composeIngestionPlan(
  kind: "stop-ingestion" | "resume-ingestion",
  target: RollbackTarget,
  containers: ProjectContainer[],
  verify: CheckNow,
  now: Date,
): RollbackPlan {
  const ingestion = target.ingestion;
  const wanted = ingestion?.services ?? [];
  const byService = new Map(containers.map((c) => [c.service, c]));
  const services: ServicePlan[] = wanted.map((service) => {
    const c = byService.get(service);
    return {
      service,
      container: c?.container ?? `${target.project}-${service}-1`,
      repo: null,
      role: "dependent",
      current: c ? { id: c.image, tag: null, state: c.state } : null,
      target: null,
      action: "start",
      ...(c ? {} : { skipped: `${service}: no such container in ${target.project}` }),
    };
  });
  const present = services.filter((s) => !s.skipped);
  const steps: PlannedStep[] =
    kind === "stop-ingestion"
      ? present.map((s, i) => stopStep(target, s, i > 0))
      : present.flatMap((s) => [
          {
            name: `start ${s.service}`,
            command: `docker start ${s.container}`,
            kind: "start",
            args: { container: s.container },
          },
          waitStep(target, s.service, s.container),
        ]);
  const check = ingestion?.verifyCheck ?? null;
  const unverified =
    kind === "resume-ingestion" && check && verify?.level !== "ok"
      ? `ingestion resumes only after verification: ${check} reads ${verify ? `${verify.level} — ${verify.summary}` : "nothing (not on the board)"}`
      : null;
  const blocked = !ingestion
    ? "the runbook names no ingestion services"
    : present.length === 0
      ? `none of ${wanted.join(", ")} exists in ${target.project}`
      : unverified;
  const verb = kind === "stop-ingestion" ? "stop" : "resume";
  return {
    kind,
    project: target.project ?? "",
    builtAt: now.toISOString(),
    planHash: hashPlan({
      kind,
      containers: present.map((s) => [s.container, s.current?.state]),
      steps: steps.map((s) => s.command),
    }),
    confirmWords: [kind === "stop-ingestion" ? STOP_INGESTION_WORD : RESUME_INGESTION_WORD],
    source: "none",
    sourceDetail: `${verb} ${wanted.join(", ")}${check && kind === "resume-ingestion" ? ` once ${check} reads ok` : ""}${ingestion?.source ? ` (${ingestion.source})` : ""}`,
    services,
    steps: blocked ? [] : steps,
    blocked,
  };
}
