import type Docker from "dockerode";
import type { RollbackTarget } from "@/lib/model/rollback";
import type { ImageFact, PlanFacts } from "@/lib/rollback/compose-plan";
import { readRollbackState } from "@/lib/rollback/rollback-state";

async function inspectOrNull<T>(p: Promise<T>): Promise<T | null> {
  return p.catch((err: { statusCode?: number }) => {
    if (err.statusCode === 404) return null;
    throw err;
  });
}

async function repoImages(docker: Docker, repo: string): Promise<ImageFact[]> {
  const list = await docker.listImages({ filters: { reference: [`${repo}:*`] } });
  return list.map((i) => ({ id: i.Id, tags: i.RepoTags ?? [], created: i.Created }));
}

/** Reads the state file and asks the engine what each service's container and repo hold now. */
export async function gatherFacts(
  docker: Docker,
  target: RollbackTarget,
  now = new Date(),
): Promise<PlanFacts> {
  const state = await readRollbackState(target.rollbackStatePath);
  const services = await Promise.all(
    target.services.map(async (svc) => {
      const info = await inspectOrNull(docker.getContainer(svc.container).inspect());
      const images = svc.repo ? await repoImages(docker, svc.repo) : [];
      const latest = svc.repo ? await inspectOrNull(docker.getImage(`${svc.repo}:latest`).inspect()) : null;
      // Images referenced only by the container or the state file (untagged) still need a name in the plan.
      const prev = svc.stateKey && state ? state[svc.stateKey] : null;
      for (const ref of [info?.Image, prev]) {
        if (!ref || ref === "none" || images.some((i) => i.id === ref)) continue;
        const img = await inspectOrNull(docker.getImage(ref).inspect());
        if (img && !images.some((i) => i.id === img.Id)) {
          images.push({ id: img.Id, tags: img.RepoTags ?? [], created: Date.parse(img.Created) / 1000 });
        }
      }
      return {
        service: svc.service,
        container: info ? { id: info.Id, image: info.Image, state: info.State.Status } : null,
        latest: latest?.Id ?? null,
        images,
      };
    }),
  );
  return { now, state, services };
}
