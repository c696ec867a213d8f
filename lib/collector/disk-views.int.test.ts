import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readDiskViews } from "@/lib/collector/disk-views";
import { evaluateBoard } from "@/lib/collector/publish-board";
import { runProbe } from "@/lib/collector/run-probe";
import { getHub } from "@/lib/hub/hub";
import type { DiskView } from "@/lib/model/disk-view";
import type { Level } from "@/lib/model/runbook-schema";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { resetProcessState } from "@/lib/runtime/process-state";
import { DOCKER_SOCKET, isDockerAvailable } from "@/scripts/services/test-servers";
import { applyDiskPressure, clearDiskPressure, ensureDiskMount, unmountDisk } from "@/sim/docker/host-disk";
import { minimalRunbook } from "@/test/support/minimal-runbook";

// The disk view as the pipeline takes it: a disk check at warn or crit gets its path's largest entries and
// `docker system df` on the board; at ok only a request (GET /api/disk) reads it, and stores nothing.
const engine = await isDockerAvailable();
if (!engine && process.env.CI === "true")
  throw new Error("CI=true but no Docker engine at /var/run/docker.sock");

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "warroom-diskview-"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));
afterEach(() => {
  resetProcessState("hub", "collector.disk-views");
});

/** Loads a runbook with one disk check on `path` (thresholds the test sets) and a container check for the socket. */
function install(path: string, crit: number) {
  const hub = getHub();
  const raw = minimalRunbook("diskview", 5000, [
    {
      id: "disk",
      kind: "host",
      label: "Disk",
      measure: "disk",
      path,
      thresholds: { direction: "above", warn: crit, crit },
    },
    {
      id: "ctr",
      kind: "docker-container",
      label: "C",
      container: "warroom-diskview-none",
      socketPath: DOCKER_SOCKET,
    },
  ]);
  hub.loaded = { runbook: parseRunbook(raw, "test"), source: "test", launchOverride: null };
  hub.storage.ready = true;
  let published = 0;
  hub.publish = () => {
    published += 1;
    evaluateBoard(hub, new Date());
  };
  return { hub, published: () => published };
}

/** One real reading of the disk check into the hub, then the pipeline's evaluation. */
async function collect(hub: ReturnType<typeof getHub>): Promise<Level> {
  const check = hub.loaded?.runbook.checks.find((c) => c.id === "disk");
  if (!check) throw new Error("no disk check");
  const reading = await runProbe(check, { timeoutMs: 3000, state: new Map() });
  hub.latest.set("disk", reading);
  evaluateBoard(hub, new Date());
  return reading.level;
}

async function boardView(hub: ReturnType<typeof getHub>): Promise<DiskView> {
  for (let i = 0; i < 100; i++) {
    const view = hub.state?.disk?.[0]?.view;
    if (view) return view;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no disk view on the board within 10 s");
}

describe("disk view in the pipeline", () => {
  it("a disk check at crit gets its largest entries and docker system df on the board", async () => {
    const dir = join(base, "crit");
    mkdirSync(join(dir, "scraper"), { recursive: true });
    writeFileSync(join(dir, "scraper/old.jsonl"), Buffer.alloc(2 * 1024 * 1024, 1));
    writeFileSync(join(dir, "small.log"), Buffer.alloc(8 * 1024, 1));
    const { hub } = install(dir, 0.001);
    expect(await collect(hub)).toBe("crit");
    expect(hub.state?.disk?.[0]).toMatchObject({ checkId: "disk", label: "Disk" });
    const view = await boardView(hub);
    if ("error" in view.scan) throw new Error(view.scan.error);
    expect(view.scan.entries[0]).toMatchObject({ path: "scraper", kind: "dir" });
    expect(view.scan.entries[0]?.bytes).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    if (engine) {
      if (view.docker === null || "error" in view.docker) throw new Error(JSON.stringify(view.docker));
      expect(view.docker.rows.map((r) => r.type)).toEqual([
        "Images",
        "Containers",
        "Local Volumes",
        "Build Cache",
      ]);
    }
  });

  it("at ok the board has no disk section, and a request reads the view without putting it there", async () => {
    const dir = join(base, "ok");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a.bin"), Buffer.alloc(64 * 1024, 1));
    const { hub, published } = install(dir, 100);
    expect(await collect(hub)).toBe("ok");
    expect(hub.state?.disk).toBeUndefined();
    const views = await readDiskViews(hub.loaded?.runbook ?? never(), hub.state?.checks ?? []);
    expect(views[0]?.scan).toMatchObject({ entries: [{ path: "a.bin", kind: "file" }] });
    evaluateBoard(hub, new Date());
    expect(hub.state?.disk).toBeUndefined();
    expect(published()).toBe(0);
  });

  it.skipIf(process.getuid?.() !== 0)(
    "during the simulated stack's disk-pressure fault (its own tmpfs): crit, and pressure.bin leads the view",
    async () => {
      const mount = join(base, "tmpfs");
      const mounted = await ensureDiskMount(mount, 16 * 1024 * 1024);
      if (!mounted.ok) throw new Error(mounted.reason);
      try {
        const { hub } = install(mount, 85);
        expect(await collect(hub)).toBe("ok");
        await applyDiskPressure(mount, 93);
        expect(await collect(hub)).toBe("crit");
        const view = await boardView(hub);
        if ("error" in view.scan) throw new Error(view.scan.error);
        expect(view.scan.entries.map((e) => e.path)).toEqual(["pressure.bin", "baseline.bin"]);
        await clearDiskPressure(mount);
        expect(await collect(hub)).toBe("ok");
        expect(hub.state?.disk).toBeUndefined();
      } finally {
        await unmountDisk(mount);
      }
    },
  );
});

function never(): never {
  throw new Error("no runbook loaded");
}
