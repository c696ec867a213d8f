import { formatBytes } from "@/components/disk/disk-view-lines";
import type { CleanupPlan } from "@/lib/model/rollback";

const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

/** What the disk cleanup removes and what it keeps, with why: the lead confirms exactly this. */
export function CleanupTable({ cleanup }: { cleanup: CleanupPlan }) {
  return (
    <div className="grid grid-cols-1 gap-4 text-base md:grid-cols-2" data-testid="cleanup-plan">
      <div>
        <h3 className="font-bold text-white">Removed</h3>
        <ul className="font-mono text-sm">
          <li>
            build cache
            {cleanup.buildCacheBytes !== null && ` (${formatBytes(cleanup.buildCacheBytes)} reclaimable)`}
          </li>
          {cleanup.remove.map((i) => (
            <li key={i.id}>
              dangling image {short(i.id)} ({formatBytes(i.sizeBytes)})
            </li>
          ))}
          {cleanup.remove.length === 0 && <li className="text-gray-400">no dangling image to remove</li>}
        </ul>
      </div>
      <div>
        <h3 className="font-bold text-ok">Kept</h3>
        <ul className="font-mono text-sm" data-testid="cleanup-kept">
          {cleanup.keep.map((i) => (
            <li key={i.id}>
              {short(i.id)}: {i.why}
            </li>
          ))}
          <li>
            {cleanup.rollbackImages.length} rollback image(s): {cleanup.rollbackImages.join(", ") || "none"}
          </li>
          <li>
            {cleanup.projectContainers.length} container(s) of the project, any state:{" "}
            {cleanup.projectContainers.join(", ") || "none"}
          </li>
        </ul>
      </div>
    </div>
  );
}
