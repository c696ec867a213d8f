import type Docker from "dockerode";
import type { RollbackTarget } from "@/lib/model/rollback";
import { gatherCleanupFacts } from "@/lib/rollback/cleanup-facts";
import type { Bounds, Emit } from "@/lib/rollback/docker-steps";
import { engineCall } from "@/lib/rollback/engine-call";
import { mb, short } from "@/lib/rollback/plan-steps";

type Signalled<T> = T & { abortSignal: AbortSignal };
const signalled = <T extends object>(opts: T, signal: AbortSignal) =>
  ({ ...opts, abortSignal: signal }) as Signalled<T>;

/** A prune walks the whole cache: it gets several engine-call bounds. */
export const PRUNE_CALLS = 4;

/** `docker builder prune -f`: the build cache only; images and containers are untouched. */
export async function pruneBuilder(docker: Docker, emit: Emit, b: Bounds): Promise<void> {
  const prune = docker.pruneBuilder as (opts: { abortSignal: AbortSignal }) => Promise<{
    SpaceReclaimed?: number;
    CachesDeleted?: string[] | null;
  }>;
  const res = await engineCall(
    "docker builder prune -f",
    b.callMs * PRUNE_CALLS,
    (s) => prune.call(docker, { abortSignal: s }),
    b.signal,
  );
  emit(
    `build cache: ${res.CachesDeleted?.length ?? 0} entries deleted, ${mb(res.SpaceReclaimed ?? 0)} freed`,
  );
}

/**
 * Removes the planned dangling images, judging each again first: an image that became protected since the
 * plan (a new rollback state, a container created on it) is kept and said so. Never forced: the engine
 * itself refuses an image a container still uses, and that refusal keeps it too.
 */
export async function removeDanglingImages(
  docker: Docker,
  target: RollbackTarget,
  ids: string[],
  emit: Emit,
  b: Bounds,
): Promise<void> {
  const now = await gatherCleanupFacts(docker, target);
  const stillDangling = new Set(now.dangling.map((i) => i.id));
  let freed = 0;
  let removed = 0;
  for (const id of ids) {
    const why = now.protectedIds.get(id);
    if (why) {
      emit(`kept ${short(id)}: ${why}`);
      continue;
    }
    if (!stillDangling.has(id)) {
      emit(`kept ${short(id)}: no longer dangling (tagged or gone since the plan)`);
      continue;
    }
    const size = now.dangling.find((i) => i.id === id)?.sizeBytes ?? 0;
    try {
      await engineCall(
        `docker image rm ${short(id)}`,
        b.callMs,
        (s) => docker.getImage(id).remove(signalled({ force: false, noprune: false }, s)),
        b.signal,
      );
      removed += 1;
      freed += size;
      emit(`removed ${short(id)} (${mb(size)})`);
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 409) emit(`kept ${short(id)}: the engine refused (in use by a container)`);
      else if (status === 404) emit(`${short(id)} already gone`);
      else throw err;
    }
  }
  emit(`${removed} image${removed === 1 ? "" : "s"} removed, ${mb(freed)} freed`);
}
