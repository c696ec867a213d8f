import type Docker from "dockerode";
import type { RollbackTarget } from "@/lib/model/rollback";
import { shaTagOf } from "@/lib/rollback/compose-plan";

/**
 * What is on the engine right now, one line per container and `latest` tag, for a failed or interrupted
 * run's report ("what is left as it was"). Never throws: an unreadable engine is said so.
 */
export async function describeLiveState(docker: Docker, target: RollbackTarget): Promise<string> {
  if (target.services.length === 0 && !target.project) return "no container touched (requests only)";
  try {
    const lines: string[] = [];
    for (const svc of target.services) {
      const info = await docker
        .getContainer(svc.container)
        .inspect()
        .catch(() => null);
      if (!info) {
        lines.push(`${svc.container}: missing`);
        continue;
      }
      const image = await docker
        .getImage(info.Image)
        .inspect()
        .catch(() => null);
      const tag = shaTagOf(image?.RepoTags ?? [], svc.repo) ?? info.Image.slice(7, 19);
      const health = info.State.Health?.Status;
      lines.push(`${svc.container}: ${info.State.Status}${health ? ` (${health})` : ""} on ${tag}`);
    }
    for (const svc of target.services) {
      if (!svc.repo) continue;
      const latest = await docker
        .getImage(`${svc.repo}:latest`)
        .inspect()
        .catch(() => null);
      lines.push(
        `${svc.repo}:latest → ${latest ? (shaTagOf(latest.RepoTags ?? [], svc.repo) ?? latest.Id.slice(7, 19)) : "missing"}`,
      );
    }
    const aside = await docker.listContainers({
      all: true,
      filters: {
        name: ["before-rollback"],
        ...(target.project ? { label: [`com.docker.compose.project=${target.project}`] } : {}),
      },
    });
    for (const c of aside) lines.push(`left aside: ${c.Names.join(",").replace(/^\//, "")} (${c.State})`);
    return lines.join("; ");
  } catch (err) {
    return `engine unreadable: ${err instanceof Error ? err.message : String(err)}`;
  }
}
