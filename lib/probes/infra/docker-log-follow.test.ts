import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type FollowStatus, followContainerLogs } from "@/lib/probes/infra/docker-log-follow";

const dir = mkdtempSync(path.join(tmpdir(), "warroom-log-follow-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("followContainerLogs without an engine", () => {
  it("reports down once with the reason, and keeps retrying quietly", async () => {
    const socketPath = path.join(dir, "no-docker.sock");
    const seen: FollowStatus[] = [];
    const follow = followContainerLogs({
      target: { socketPath, project: "shop", service: "api" },
      onLine: () => {},
      onStatus: (s) => seen.push(s),
      initialBackoffMs: 20,
      maxBackoffMs: 40,
    });
    await new Promise((r) => setTimeout(r, 600)); // many retries
    follow.stop();
    expect(seen).toEqual([
      {
        kind: "down",
        reason: `no Docker engine reachable at unix://${socketPath} (ENOENT)`,
        sinceMs: expect.any(Number),
      },
    ]);
    expect(follow.status()).toMatchObject({ kind: "down" });
  });
});
