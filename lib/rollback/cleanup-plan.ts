import type { CleanupTarget, PlannedStep, RollbackPlan, RollbackTarget } from "@/lib/model/rollback";
import type { CleanupFacts } from "@/lib/rollback/cleanup-facts";
import type { FileFacts } from "@/lib/rollback/file-cleanup";
import { oldFilesSteps } from "@/lib/rollback/old-files";
import { hashPlan, mb, q, short } from "@/lib/rollback/plan-steps";

export const CLEANUP_WORD = "CLEANUP";

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
  fileFacts: FileFacts = { files: [], notes: [] },
): RollbackPlan {
  const keep = facts.dangling.flatMap((i) => {
    const why = facts.protectedIds.get(i.id);
    return why ? [{ ...i, why }] : [];
  });
  // Runbooks written before file groups existed name none.
  const groups = cleanup.files ?? [];
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
  // The runbook's `find … -mtime +N -delete` lines, limited to the files listed here.
  for (const g of groups) {
    const files = fileFacts.files.filter((f) => f.group === g.label);
    if (files.length === 0) continue;
    const bytes = files.reduce((sum, f) => sum + f.sizeBytes, 0);
    steps.push({
      name: `delete ${files.length} ${g.label} older than ${g.olderThanDays} days (${mb(bytes)})`,
      command: `find ${q(g.dir)} -type f${g.name ? ` -name ${q(g.name)}` : ""} -mtime +${g.olderThanDays} -delete   # only the ${files.length} file(s) listed in the plan`,
      kind: "delete-files",
      args: { group: JSON.stringify(g), paths: JSON.stringify(files.map((f) => f.path)) },
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
      files: fileFacts.files.map((f) => [f.path, f.mtime]),
      steps: steps.map((s) => s.command),
      // A file list that changed since the preview changes the plan.
      oldFiles: deletions.map((s) => s.args.files),
    }),
    confirmWords: [CLEANUP_WORD],
    source: "none",
    sourceDetail:
      `build cache and dangling images${groups.length || deletions.length ? `, ${fileFacts.files.length} old file(s) in ${groups.map((g) => g.dir).join(", ") || "the runbook's paths"}${deletions.length ? " and the listed files older than the runbook's age" : ""}` : " only"}; kept: ${kept}${cleanup.source ? ` (${cleanup.source})` : ""}` +
      fileFacts.notes.map((n) => `; ${n}`).join(""),
    services: [],
    steps,
    blocked: null,
    cleanup: {
      remove,
      keep,
      rollbackImages: facts.rollbackImages,
      projectContainers: facts.projectContainers,
      buildCacheBytes: facts.buildCacheBytes,
      ...(groups.length ? { files: fileFacts.files } : {}),
    },
  };
}
