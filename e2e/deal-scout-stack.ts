import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test as base } from "@playwright/test";
import { connectDocker } from "../lib/rollback/docker-engine";
import type { DsUrls } from "../sim/dealscout/ds-config";
import { listDsContainers } from "../sim/dealscout/ds-containers";
import { type DsFault, resetDsStack, setDsFault } from "../sim/dealscout/ds-faults";
import { dsStackDown, dsStackUp } from "../sim/dealscout/ds-up";
import { unmountDisk } from "../sim/docker/host-disk";

/**
 * Deal Scout's containerised stack for the specs that read it (docs/docker-stack.md "Deal Scout"): started
 * the first time a spec asks for it, so a run without them never starts it. The end-to-end run holds the
 * stack lock from its global setup to its teardown, and the worker that starts the stack stops it before
 * then: removed if it was not there before the run, otherwise left up with every fault off. Its own ports
 * (27xxx) are clear of the BuyWhere stack's e2e ports.
 */
export type DealScoutStack = {
  urls: DsUrls;
  /** The preset's variables for a `next start` reading this stack (its disk gauge on the stack's tmpfs). */
  presetEnv: Record<string, string>;
  fault: (fault: DsFault, on: boolean) => Promise<string>;
  reset: () => Promise<string[]>;
};

/** Up from nothing is ≈ 30 s on an idle host and several times that at load 20 (images built once). */
const START_TIMEOUT_MS = 300_000;

export const test = base.extend<object, { dealScout: DealScoutStack }>({
  dealScout: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
    async ({}, use) => {
      const docker = connectDocker();
      const wasThere = (await listDsContainers(docker)).length > 0;
      const stateDir = mkdtempSync(path.join(os.tmpdir(), "warroom-e2e-ds-"));
      const opts = { env: { WARROOM_DS_STACK_DIR: stateDir }, docker };
      const started = performance.now();
      try {
        const up = await dsStackUp({ ...opts, log: (line) => console.log(`  deal-scout: ${line}`) });
        await resetDsStack(opts);
        console.log(
          `deal-scout stack ${wasThere ? "kept" : "up"} in ${Math.round(performance.now() - started)} ms`,
        );
        await use({
          urls: up.urls,
          presetEnv: {
            // `celery inspect ping` waits 1 s for replies; at the suite's 1 s interval a probe gets 900 ms
            // and never hears a worker, so the board reads Deal Scout every 3 s (its preset: 5 s).
            WARROOM_INTERVAL_MS: "3000",
            WARROOM_DEALSCOUT_URL: up.urls.backend,
            WARROOM_DEALSCOUT_REDIS_URL: up.urls.redis,
            WARROOM_DEALSCOUT_DATABASE_URL: up.urls.postgres,
            WARROOM_DEALSCOUT_EBAY_URL: up.urls.ebay,
            ...(up.disk.ok ? { WARROOM_DEALSCOUT_DISK_PATH: up.disk.path } : {}),
          },
          fault: (fault, on) => setDsFault(fault, on, opts),
          reset: () => resetDsStack(opts),
        });
      } finally {
        await resetDsStack(opts).catch((err: unknown) => console.log(`deal-scout reset: ${err}`));
        if (wasThere) await unmountDisk(path.join(stateDir, "disk")).catch(() => undefined);
        else await dsStackDown(opts).catch((err: unknown) => console.log(`deal-scout down: ${err}`));
        // A tmpfs that could not be unmounted stays, with its folder (rm would fail on the mount point).
        try {
          rmSync(stateDir, { recursive: true, force: true });
        } catch (err) {
          console.log(`deal-scout: ${stateDir} left behind: ${err}`);
        }
      }
    },
    { scope: "worker", timeout: START_TIMEOUT_MS },
  ],
});
