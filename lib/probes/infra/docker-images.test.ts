import { describe, expect, it } from "vitest";
import { imageLineage, noRollbackTargetWhy } from "@/lib/probes/infra/docker-images";

const img = (id: string, created: number, ...tags: string[]) => ({
  Id: `sha256:${id}`,
  Created: created,
  RepoTags: tags,
});

describe("imageLineage", () => {
  it("latest on the newest sha tag → previous is the one before", () => {
    const l = imageLineage(
      [
        img("aaa", 100, "buywhere-api:sha-111"),
        img("bbb", 200, "buywhere-api:sha-222"),
        img("ccc", 300, "buywhere-api:sha-333", "buywhere-api:latest"),
      ],
      "buywhere-api",
      "sha-",
    );
    expect(l.tags.map((t) => t.tag)).toEqual(["sha-333", "sha-222", "sha-111"]);
    expect(l.current?.tag).toBe("sha-333");
    expect(l.previous?.tag).toBe("sha-222");
  });

  it("after a rollback latest points at an older image → previous is older still", () => {
    const l = imageLineage(
      [
        img("aaa", 100, "buywhere-api:sha-111"),
        img("bbb", 200, "buywhere-api:sha-222", "buywhere-api:latest"),
        img("ccc", 300, "buywhere-api:sha-333"),
      ],
      "buywhere-api",
      "sha-",
    );
    expect(l.current?.tag).toBe("sha-222");
    expect(l.previous?.tag).toBe("sha-111");
  });

  it("no latest tag → the runbook's second-most-recent sha tag", () => {
    const l = imageLineage([img("aaa", 100, "r:sha-1"), img("bbb", 200, "r:sha-2")], "r", "sha-");
    expect(l.latestId).toBeNull();
    expect(l.current?.tag).toBe("sha-2");
    expect(l.previous?.tag).toBe("sha-1");
  });

  it("one image under two sha tags is not a rollback target", () => {
    const l = imageLineage([img("aaa", 100, "r:sha-1", "r:sha-1b", "r:latest")], "r", "sha-");
    expect(l.tags).toHaveLength(2);
    expect(l.previous).toBeNull();
  });

  it("ignores other repositories, other prefixes, dangling and malformed images", () => {
    const l = imageLineage(
      [
        img("aaa", 100, "other:sha-1"),
        img("bbb", 200, "r:v1.2"),
        { Id: "sha256:ccc", Created: 300, RepoTags: null },
        { Id: 42 },
        img("ddd", 400, "registry.local:5000/r:sha-9"),
      ],
      "r",
      "sha-",
    );
    expect(l.tags).toEqual([]);
    expect(l.unreadable).toBe(1);
    expect(l.current).toBeNull();
  });

  it("same creation second: newer tag name first", () => {
    const l = imageLineage([img("aaa", 100, "r:sha-a"), img("bbb", 100, "r:sha-b")], "r", "sha-");
    expect(l.tags.map((t) => t.tag)).toEqual(["sha-b", "sha-a"]);
  });
});

describe("noRollbackTargetWhy: what is missing, and what it means for a rollback", () => {
  const why = (...raw: ReturnType<typeof img>[]) =>
    noRollbackTargetWhy(imageLineage(raw, "r", "sha-"), "r", "sha-");

  it("nothing when there is a target", () => {
    expect(why(img("aaa", 100, "r:sha-1"), img("bbb", 200, "r:sha-2", "r:latest"))).toBeNull();
  });

  it("no image at all", () => {
    expect(why()).toBe("no sha- images of r at all: a rollback has no earlier release to go back to");
  });

  it("one release, under one or several tags", () => {
    expect(why(img("aaa", 100, "r:sha-1", "r:latest"))).toBe(
      "only one release of r is kept, the running sha-1: a rollback has no earlier release to go back to",
    );
    expect(why(img("aaa", 100, "r:sha-1", "r:sha-1b", "r:latest"))).toBe(
      "only one release of r is kept, the running sha-1b (sha-1b, sha-1 are all that image): a rollback has no earlier release to go back to",
    );
  });

  it("every other image newer than the running one (built later, e.g. rolled back from)", () => {
    expect(
      why(
        img("aaa", 100, "r:sha-1", "r:latest"),
        img("bbb", 200, "r:sha-2"),
        img("ccc", 300, "r:sha-3"),
        img("ddd", 400, "r:sha-4"),
      ),
    ).toBe(
      "no release of r older than the running sha-1: the other sha- images (sha-4, sha-3, sha-2) were built after it, so a rollback has no earlier release to go back to",
    );
  });

  it("latest on an image with no sha- tag", () => {
    expect(why(img("aaa", 100, "r:sha-1"), img("bbb", 200, "r:latest"))).toBe(
      "r:latest is not one of its sha- images (sha-1): which release runs is not known, so a rollback has no earlier release to go back to",
    );
  });
});
