import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OldFilesRule } from "@/lib/model/rollback";
import { nameMatcher } from "@/lib/rollback/file-cleanup";
import { deleteOldFiles, findOldFiles, oldFilesSteps } from "@/lib/rollback/old-files";
import { buyWhereCleanup } from "@/lib/runbook/presets/buywhere-cleanup";

const DAY = 86_400_000;
const NOW = Date.parse("2026-04-23T14:00:00.000Z");
let dir: string;

function file(rel: string, daysAgo: number, bytes = 10): string {
  const path = join(dir, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, "x".repeat(bytes));
  const when = new Date(NOW - daysAgo * DAY);
  utimesSync(path, when, when);
  return path;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "warroom-oldfiles-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const rule = (pattern: string, olderThanDays: number): OldFilesRule => ({
  name: "old scrape data",
  dir,
  pattern,
  olderThanDays,
});

describe("the runbooks' find DIR -name PATTERN -mtime +N -delete, listed then deleted", () => {
  it("glob on the file's own name", () => {
    const m = nameMatcher("*.json");
    expect([m("a.json"), m("a.jsonl"), m("json"), m("x.json.bak")]).toEqual([true, false, false, false]);
  });

  it("finds matching files older than N days anywhere under the folder, not newer ones, not through symlinks", async () => {
    file("scrape/amazon-1.jsonl", 5);
    file("scrape/deep/walmart.jsonl", 4, 20);
    file("scrape/today.jsonl", 1);
    file("scrape/old.json", 10);
    await symlink("/etc", join(dir, "etc-link"));
    const fact = await findOldFiles(rule("*.jsonl", 3), NOW);
    expect(fact.files.map((f) => f.path.slice(dir.length + 1))).toEqual([
      "scrape/amazon-1.jsonl",
      "scrape/deep/walmart.jsonl",
    ]);
    const [step] = oldFilesSteps([fact]);
    expect(step?.name).toBe(
      "old scrape data: delete 2 files (0.0 MB): scrape/amazon-1.jsonl, scrape/deep/walmart.jsonl",
    );
    expect(step?.command).toBe(
      `find ${dir} -name "*.jsonl" -mtime +3 -delete   # the 2 listed in the plan only`,
    );
  });

  it("deletes exactly the listed files; one written since the plan is kept and said so", async () => {
    const a = file("a.jsonl", 5);
    const b = file("b.jsonl", 5);
    const keep = file("c.jsonl", 1);
    const fact = await findOldFiles(rule("*.jsonl", 3), NOW);
    const [step] = oldFilesSteps([fact]);
    if (!step) throw new Error("no step");
    // b is rewritten between the preview and the run.
    utimesSync(b, new Date(NOW), new Date(NOW));
    const out: string[] = [];
    await deleteOldFiles(step.args, NOW, (l) => out.push(l));
    expect((await readdir(dir)).sort()).toEqual(["b.jsonl", "c.jsonl"]);
    expect(out[0]).toBe(`deleted 1 of 2 listed (0.0 MB) under ${dir}`);
    expect(out[1]).toBe("kept b.jsonl (written since the plan)");
    expect(a).not.toBe(keep);
  });

  it("refuses a listed path outside the folder (a tampered plan) and a missing folder plans nothing", async () => {
    const out: string[] = [];
    await deleteOldFiles(
      {
        dir,
        pattern: "*.json",
        olderThanDays: "1",
        files: JSON.stringify(["/etc/passwd", `${dir}/../x.json`]),
      },
      NOW,
      (l) => out.push(l),
    );
    expect(out[0]).toBe(`deleted 0 of 2 listed (0.0 MB) under ${dir}`);
    const none = await findOldFiles({ ...rule("*.json", 7), dir: join(dir, "nope") }, NOW);
    expect(none.note).toMatch(/does not exist: nothing to delete/);
    expect(oldFilesSteps([none])).toEqual([]);
  });

  it("the BuyWhere preset's rules: incident §3.4, launch day §4.4, deploy §1.4", () => {
    const c = buyWhereCleanup({ appDir: "/srv/app", workspaceDir: "/srv/ws" });
    if (c.kind !== "docker") throw new Error("not docker");
    expect((c.deleteOld ?? []).map((r) => `${r.dir} ${r.pattern} +${r.olderThanDays}`)).toEqual([
      "/srv/app *.jsonl +3",
      "/srv/app *.json +7",
      "/srv/ws/scraper *.json +7",
      "/srv/ws *.jsonl +3",
      "/srv/app *.log +7",
    ]);
  });
});
