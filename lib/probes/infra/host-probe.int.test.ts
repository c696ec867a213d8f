import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInfraProbe } from "@/test/support/run-infra-probe";

const HOUR = 3_600_000;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "warroom-backups-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder of backups whose modification times are `hoursAgo` before now. */
function backups(name: string, files: { name: string; hoursAgo: number; bytes?: number }[]): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  for (const f of files) {
    const path = join(folder, f.name);
    writeFileSync(path, "x".repeat(f.bytes ?? 10));
    const when = new Date(Date.now() - f.hoursAgo * HOUR);
    utimesSync(path, when, when);
  }
  return folder;
}

describe("host probe: disk", () => {
  it("matches df's use% for the root file system", async () => {
    const r = await runInfraProbe({ kind: "host", measure: "disk", path: "/" });
    const df = execFileSync("df", ["--output=used,avail", "/"], { encoding: "utf8" })
      .trim()
      .split("\n")[1]
      ?.trim()
      .split(/\s+/)
      .map(Number);
    const [used = 0, avail = 0] = df ?? [];
    expect(r.unit).toBe("%");
    expect(Math.abs(Number(r.value) - (100 * used) / (used + avail))).toBeLessThan(0.5);
    expect(r.summary).toMatch(/^disk \/ [\d.]+% used/);
  });

  it("crosses a warning threshold", async () => {
    const r = await runInfraProbe({
      kind: "host",
      measure: "disk",
      path: dir,
      thresholds: { direction: "above", warn: 0, crit: 100.1 },
    });
    expect(r.level).toBe("warn");
    expect(r.summary).toMatch(/^disk .+ > 0% \(warning\)$/);
  });

  it("a path that does not exist → unknown with the reason", async () => {
    const r = await runInfraProbe({ kind: "host", measure: "disk", path: join(dir, "nope") });
    expect(r.level).toBe("unknown");
    expect(r.summary).toMatch(/cannot read disk usage of .*nope: ENOENT/);
  });
});

describe("host probe: swap, memory, load", () => {
  it("swap: these machines have none → ok 'no swap configured'", async () => {
    const hasSwap =
      execFileSync("awk", ["/SwapTotal/ {print $2}", "/proc/meminfo"], { encoding: "utf8" }).trim() !== "0";
    const r = await runInfraProbe({ kind: "host", measure: "swap" });
    if (hasSwap) expect(r.summary).toMatch(/^swap [\d.]+% used/);
    else expect(r).toMatchObject({ level: "ok", value: 0, summary: "no swap configured" });
  });

  it("memory used % excludes page cache", async () => {
    const r = await runInfraProbe({ kind: "host", measure: "memory" });
    expect(r.unit).toBe("%");
    expect(Number(r.value)).toBeGreaterThan(0);
    expect(Number(r.value)).toBeLessThan(100);
    expect(r.evidence.memTotal).toMatch(/GiB|MiB/);
  });

  it("load average per core", async () => {
    const r = await runInfraProbe({
      kind: "host",
      measure: "load",
      window: 5,
      thresholds: { direction: "above", crit: 1000 },
    });
    expect(r.level).toBe("ok");
    expect(typeof r.value).toBe("number");
    expect(r.evidence.cores).toBeGreaterThan(0);
  });
});

describe("host probe: the host's /proc mounted elsewhere (WARROOM_HOST_PROC)", () => {
  let proc: string;
  beforeAll(() => {
    proc = join(dir, "host-proc");
    mkdirSync(proc);
    writeFileSync(join(proc, "meminfo"), "MemTotal: 8000000 kB\nMemAvailable: 2000000 kB\nSwapTotal: 0 kB\n");
    writeFileSync(join(proc, "loadavg"), "6.00 4.00 2.00 3/500 4242\n");
    writeFileSync(join(proc, "stat"), "cpu  1 2 3\ncpu0 1 1 1\ncpu1 1 1 1\ncpu2 1 1 1\ncpu3 1 1 1\n");
    process.env.WARROOM_HOST_PROC = proc;
  });
  afterAll(() => {
    delete process.env.WARROOM_HOST_PROC;
  });

  it("memory comes from its meminfo", async () => {
    const r = await runInfraProbe({ kind: "host", measure: "memory" });
    expect(r).toMatchObject({ value: 75, unit: "%" });
  });

  it("load and CPUs come from its loadavg and stat", async () => {
    const r = await runInfraProbe({
      kind: "host",
      measure: "load",
      window: 5,
      thresholds: { direction: "above", crit: 1000 },
    });
    expect(r).toMatchObject({
      level: "ok",
      value: 1,
      unit: "per core",
      evidence: { loadavg: "6.00 4.00 2.00", cores: 4 },
    });
    expect(r.summary).toBe("load 4.00 over 5 min on 4 cores (1 per core)");
  });

  it("a folder without them → unknown, naming the file", async () => {
    process.env.WARROOM_HOST_PROC = join(dir, "nope");
    try {
      const mem = await runInfraProbe({ kind: "host", measure: "memory" });
      const load = await runInfraProbe({ kind: "host", measure: "load", window: 1 });
      expect(mem).toMatchObject({ level: "unknown" });
      expect(mem.summary).toContain(`cannot read ${join(dir, "nope")}/meminfo`);
      expect(load).toMatchObject({ level: "unknown" });
      expect(load.summary).toContain(`cannot read the load from ${join(dir, "nope")}/loadavg`);
    } finally {
      process.env.WARROOM_HOST_PROC = proc;
    }
  });
});

describe("host probe: backup-age (launch-day P0 gate)", () => {
  it("newest file 2 h old → ok, names it", async () => {
    const path = backups("fresh", [
      { name: "catalog-old.sql.gz", hoursAgo: 30 },
      { name: "catalog-new.sql.gz", hoursAgo: 2 },
    ]);
    const r = await runInfraProbe({ kind: "host", measure: "backup-age", path });
    expect(r.level).toBe("ok");
    expect(Number(r.value)).toBeCloseTo(2, 1);
    expect(r.summary).toMatch(/^newest backup catalog-new\.sql\.gz is 2(\.\d+)? h old$/);
    expect(r.evidence.files).toBe(2);
  });

  it("everything older than 24 h → crit", async () => {
    const path = backups("stale", [{ name: "catalog.sql.gz", hoursAgo: 26 }]);
    const r = await runInfraProbe({ kind: "host", measure: "backup-age", path });
    expect(r.level).toBe("crit");
    expect(r.summary).toMatch(/^newest backup age 26(\.\d+)? h > 24 h \(critical\)$/);
  });

  it("pattern: only matching files count", async () => {
    const path = backups("mixed", [
      { name: "catalog.sql.gz", hoursAgo: 40 },
      { name: "notes.txt", hoursAgo: 1 },
    ]);
    const r = await runInfraProbe({ kind: "host", measure: "backup-age", path, pattern: "\\.sql\\.gz$" });
    expect(r.level).toBe("crit");
    expect(r.evidence.newest).toBe("catalog.sql.gz");
  });

  it("an empty newest backup → crit", async () => {
    const path = backups("zero", [{ name: "catalog.sql.gz", hoursAgo: 1, bytes: 0 }]);
    const r = await runInfraProbe({ kind: "host", measure: "backup-age", path });
    expect(r.level).toBe("crit");
    expect(r.summary).toBe("newest backup catalog.sql.gz is empty (0 bytes)");
  });

  it("lists the newest backups (launch day §4.5 ls | tail -10) and names the last known-good one", async () => {
    const path = backups("known-good", [
      { name: "catalog-1.sql.gz", hoursAgo: 50 },
      { name: "catalog-2.sql.gz", hoursAgo: 26 },
      { name: "catalog-3.sql.gz", hoursAgo: 1, bytes: 0 },
    ]);
    const r = await runInfraProbe({ kind: "host", measure: "backup-age", path });
    expect(r.level).toBe("crit");
    expect(r.summary).toBe(
      "newest backup catalog-3.sql.gz is empty (0 bytes); last known-good: catalog-2.sql.gz",
    );
    expect(r.evidence.lastKnownGood).toBe("catalog-2.sql.gz");
    expect(r.evidence["backup 1"]).toMatch(/^catalog-3\.sql\.gz 0 bytes /);
    expect(r.evidence["backup 3"]).toMatch(/^catalog-1\.sql\.gz /);
    expect(r.evidence["backup 4"]).toBeUndefined();
  });

  it("empty folder, sub-folders only, or missing folder → crit with the reason", async () => {
    const empty = backups("empty", []);
    mkdirSync(join(empty, "subdir"));
    expect(await runInfraProbe({ kind: "host", measure: "backup-age", path: empty })).toMatchObject({
      level: "crit",
      summary: `no file in backups folder ${empty}`,
    });
    const missing = join(dir, "missing");
    expect(await runInfraProbe({ kind: "host", measure: "backup-age", path: missing })).toMatchObject({
      level: "crit",
      summary: `backups folder ${missing} does not exist`,
    });
  });
});
