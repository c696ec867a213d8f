import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { type Check, checkSchema } from "@/lib/model/runbook-schema";
import { findLargeFiles } from "@/lib/probes/infra/large-files";

const MB = 1024 * 1024;
let base: string;
let root: string;

/** A sparse file: `find -size` reads its length, as `ls -lh` shows it. */
function sparse(path: string, bytes: number) {
  const fd = openSync(path, "w");
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "warroom-large-"));
  root = join(base, "disk");
  mkdirSync(join(root, "backups/postgresql"), { recursive: true });
  mkdirSync(join(root, "log/deal-scout"), { recursive: true });
  sparse(join(root, "backups/postgresql/deals-full.sql"), 150 * MB);
  sparse(join(root, "log/deal-scout/app.log.1"), 101 * MB);
  sparse(join(root, "log/deal-scout/app.log"), 100 * MB);
  writeFileSync(join(root, "log/deal-scout/small.log"), Buffer.alloc(3 * 1024, 0x5a));
  mkdirSync(join(root, "many"));
  for (let i = 0; i < 150; i++) writeFileSync(join(root, `many/f${i}`), "");
  // Outside the watched path, reachable only by a link that must not be followed.
  mkdirSync(join(base, "elsewhere"));
  sparse(join(base, "elsewhere/huge.bin"), 500 * MB);
  symlinkSync(join(base, "elsewhere"), join(root, "out"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const check = (path: string, extra: Record<string, unknown> = {}): Check =>
  checkSchema.parse({ id: "lf", label: "lf", kind: "host", measure: "large-files", path, ...extra });

describe("files over 100 MB (find -xdev -type f -size +100M)", () => {
  it("finds the files longer than the limit, largest first, never through a link", async () => {
    const scan = await findLargeFiles(root, 100 * MB, { maxEntries: 1000, budgetMs: 2000 });
    expect(scan.files.map((f) => [f.path.slice(root.length + 1), f.bytes / MB])).toEqual([
      ["backups/postgresql/deals-full.sql", 150],
      ["log/deal-scout/app.log.1", 101],
    ]);
    expect(scan.incomplete).toBeNull();
  });

  it("warns with the count, naming the largest", async () => {
    const r = await runProbe(check(root), { timeoutMs: 3000, state: new Map() });
    expect(r.level).toBe("warn");
    expect(r.value).toBe(2);
    expect(r.summary).toMatch(/2 files over 100 MB .*largest .*deals-full\.sql 150/);
  });

  it("is ok with none, and unknown when a bounded walk found none in what it read", async () => {
    const small = join(root, "log");
    const none = await runProbe(check(small, { minMB: 200 }), { timeoutMs: 3000, state: new Map() });
    expect(none.level).toBe("ok");
    expect(none.value).toBe(0);
    // 150 files in one folder: a walk bounded at 100 entries cannot say there is none.
    const cut = await runProbe(check(root, { minMB: 200, maxEntries: 100 }), {
      timeoutMs: 3000,
      state: new Map(),
    });
    expect(cut.level).toBe("unknown");
    expect(cut.summary).toMatch(/stopped after 100 entries\): the rest is unread/);
    const missing = await runProbe(check(join(base, "nope")), { timeoutMs: 3000, state: new Map() });
    expect(missing.level).toBe("unknown");
    expect(missing.summary).toMatch(/does not exist/);
  });
});

describe("du of a folder", () => {
  it("is the folder's size in MB with its largest entries in evidence", async () => {
    const r = await runProbe(
      checkSchema.parse({ id: "du", label: "du", kind: "host", measure: "du", path: join(root, "log") }),
      { timeoutMs: 3000, state: new Map() },
    );
    expect(r.level).toBe("ok");
    // Sparse files take no blocks: du counts what is allocated (the small log's 3 KiB and the folders).
    expect(r.value).toBeLessThan(1);
    expect(r.evidence["entry 1"]).toMatch(/deal-scout\//);
  });
});
