import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";
import { runInfraProbe } from "@/test/support/run-infra-probe";

let repo: string;
const git = (...args: string[]) =>
  execFileSync("git", ["-C", repo, "-c", "user.name=Bolt", "-c", "user.email=bolt@example.test", ...args], {
    encoding: "utf8",
  });

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), "warroom-gitlog-"));
  git("init", "-q");
  for (const subject of ["add search", "fix USD pricing", "release 2.4.1"]) {
    await writeFile(join(repo, "f.txt"), subject);
    git("add", "f.txt");
    git("commit", "-q", "-m", subject);
  }
});
afterAll(() => rm(repo, { recursive: true, force: true }));

describe("incident §2.6: last commits on the running code (git log in the deployed checkout)", () => {
  it("HEAD's short sha as the value, the newest commits in the evidence", async () => {
    const r = await runInfraProbe({ kind: "host", measure: "git-log", path: repo, count: 2 });
    const head = git("rev-parse", "--short", "HEAD").trim();
    expect(r.level).toBe("ok");
    expect(r.value).toBe(head);
    expect(r.summary).toMatch(
      new RegExp(`^HEAD ${head} \\(\\d{4}-.*\\): release 2\\.4\\.1; 2 commits shown$`),
    );
    expect(r.evidence["commit 2"]).toMatch(/ fix USD pricing$/);
    expect(r.evidence["commit 3"]).toBeUndefined();
  });

  it("not a checkout → unknown with git's reason; the preset says why it is not probed without one", async () => {
    const r = await runInfraProbe({ kind: "host", measure: "git-log", path: tmpdir() });
    expect(r.level).toBe("unknown");
    expect(r.summary).toMatch(/^git log in .* failed: .*not a git repository/i);
    const check = buildBuyWhereUsLaunch({}).checks.find((c) => c.id === "running-commits");
    expect(check?.unavailable).toMatch(/WARROOM_APP_REPO is not set/);
    const set = buildBuyWhereUsLaunch({ WARROOM_APP_REPO: repo }).checks.find(
      (c) => c.id === "running-commits",
    );
    expect(set).toMatchObject({ path: repo });
    expect(set?.unavailable).toBeUndefined();
  });
});
