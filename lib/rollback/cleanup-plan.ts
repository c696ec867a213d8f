import type { CleanupTarget, PlannedStep, RollbackPlan, RollbackTarget } from "@/lib/model/rollback";
import type { CleanupFacts } from "@/lib/rollback/cleanup-facts";
import { oldFilesSteps } from "@/lib/rollback/old-files";
import { hashPlan, short } from "@/lib/rollback/plan-steps";

export const CLEANUP_WORD = "CLEANUP";

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * The runbooks' disk cleanup as warroom runs it: the build cache (`docker builder prune -f`, incident §3.4)
 * and the dangling images that neither a rollback nor a container of the project needs. Nothing else:
 * no tagged image (every sha- image stays), no container, no volume. The runbooks' stronger commands
 * follow as manual steps with their warning.
 */
export function composeCleanupPlan(
  target: RollbackTarget,
  cleanup: CleanupTarget,
  facts: CleanupFacts,
  now: Date,
): RollbackPlan {
  const keep = facts.dangling.flatMap((i) => {
    const why = facts.protectedIds.get(i.id);
    return why ? [{ ...i, why }] : [];
  });
  const remove = facts.dangling.filter((i) => !facts.protectedIds.has(i.id));
  const label = cleanup.onlyLabel ? ` --filter label=${cleanup.onlyLabel}` : "";
  const steps: PlannedStep[] = [
    {
      name: "prune the build cache",
      command: "docker builder prune -f",
      kind: "prune-builder",
      args: {},
    },
  ];
  if (remove.length > 0) {
    steps.push({
      name: `remove ${remove.length} dangling image${remove.length === 1 ? "" : "s"} no rollback needs (${mb(remove.reduce((s, i) => s + i.sizeBytes, 0))})`,
      command: `docker image rm ${remove.map((i) => short(i.id)).join(" ")}   # of docker images -f dangling=true${label}; never --force`,
      kind: "remove-images",
      args: { images: remove.map((i) => i.id).join(",") },
    });
  }
  const deletions = oldFilesSteps(facts.oldFiles ?? []);
  steps.push(...deletions);
  for (const m of cleanup.manual) {
    steps.push({
      name: m.name,
      command: m.command,
      kind: "manual",
      args: {},
      ...(m.warning ? { warning: m.warning } : {}),
    });
  }
  const kept = `${facts.rollbackImages.length} sha- image${facts.rollbackImages.length === 1 ? "" : "s"}, ${keep.length} protected dangling, ${facts.projectContainers.length} project container${facts.projectContainers.length === 1 ? "" : "s"}`;
  return {
    kind: "disk-cleanup",
    project: target.project ?? "",
    builtAt: now.toISOString(),
    planHash: hashPlan({
      remove: remove.map((i) => i.id),
      keep: keep.map((i) => i.id),
      steps: steps.map((s) => s.command),
      // A file list that changed since the preview changes the plan.
      files: deletions.map((s) => s.args.files),
    }),
    confirmWords: [CLEANUP_WORD],
    source: "none",
    sourceDetail: `build cache and dangling images${deletions.length ? ", and the listed files older than the runbook's age" : " only"}; kept: ${kept}${cleanup.source ? ` (${cleanup.source})` : ""}`,
    services: [],
    steps,
    blocked: null,
    cleanup: {
      remove,
      keep,
      rollbackImages: facts.rollbackImages,
      projectContainers: facts.projectContainers,
      buildCacheBytes: facts.buildCacheBytes,
    },
  };
}
