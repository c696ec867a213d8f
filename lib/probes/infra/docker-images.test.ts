import { describe, expect, it } from "vitest";
import { imageLineage } from "@/lib/probes/infra/docker-images";

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
