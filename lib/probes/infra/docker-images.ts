import { z } from "zod";

const imageSchema = z.object({
  Id: z.string(),
  RepoTags: z.array(z.string()).nullish(),
  Created: z.number(),
});

export type TaggedImage = { tag: string; imageId: string; created: number };

export type ImageLineage = {
  /** sha- tags, newest first (by image creation, then tag name). */
  tags: TaggedImage[];
  /** The image `latest` points at, if the tag exists. */
  latestId: string | null;
  /** The sha- tag(s) that share latest's image — what is running after a deploy. */
  current: TaggedImage | null;
  /** The rollback target: the newest sha- image older than current with a different id. */
  previous: TaggedImage | null;
  unreadable: number;
};

/**
 * From `GET /images/json?filters={"reference":["repo"]}`: the prefix-tagged images of one repository, which
 * one `latest` points at, and the one before it (incident §3.3: "the second-most-recent sha tag").
 */
export function imageLineage(raw: unknown[], repository: string, prefix: string): ImageLineage {
  const tags: TaggedImage[] = [];
  let latestId: string | null = null;
  let unreadable = 0;
  for (const item of raw) {
    const image = imageSchema.safeParse(item);
    if (!image.success) {
      unreadable += 1;
      continue;
    }
    for (const repoTag of image.data.RepoTags ?? []) {
      const colon = repoTag.lastIndexOf(":");
      if (colon < 0 || repoTag.slice(0, colon) !== repository) continue;
      const tag = repoTag.slice(colon + 1);
      if (tag === "latest") latestId = image.data.Id;
      if (tag.startsWith(prefix)) tags.push({ tag, imageId: image.data.Id, created: image.data.Created });
    }
  }
  tags.sort((a, b) => b.created - a.created || b.tag.localeCompare(a.tag));
  const current = latestId === null ? (tags[0] ?? null) : (tags.find((t) => t.imageId === latestId) ?? null);
  const previous = current
    ? (tags.find((t) => t.imageId !== current.imageId && t.created <= current.created && t !== current) ??
      null)
    : null;
  return { tags, latestId, current, previous, unreadable };
}

/**
 * Why the lineage has no rollback target, in words for the board: what is missing, then what it means for
 * a rollback. Null when there is a target.
 */
export function noRollbackTargetWhy(
  lineage: ImageLineage,
  repository: string,
  prefix: string,
): string | null {
  if (lineage.previous) return null;
  const { tags, current } = lineage;
  const names = (list: TaggedImage[]) => list.map((t) => t.tag).join(", ");
  const cannot = "a rollback has no earlier release to go back to";
  if (tags.length === 0) return `no ${prefix} images of ${repository} at all: ${cannot}`;
  if (!current) {
    return `${repository}:latest is not one of its ${prefix} images (${names(tags)}): which release runs is not known, so ${cannot}`;
  }
  const others = tags.filter((t) => t.imageId !== current.imageId);
  if (others.length === 0) {
    const also = tags.length > 1 ? ` (${names(tags)} are all that image)` : "";
    return `only one release of ${repository} is kept, the running ${current.tag}${also}: ${cannot}`;
  }
  return `no release of ${repository} older than the running ${current.tag}: the other ${prefix} images (${names(others)}) were built after it, so ${cannot}`;
}
