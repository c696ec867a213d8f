import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { connectDocker, isEngineReachable, socketPathOf } from "@/lib/rollback/docker-engine";
import { resetDsStack } from "../ds-faults";
import { dsStackDown, dsStackUp } from "../ds-up";
import type { DealScoutProvided } from "./ds-stack";

/**
 * Global setup of the vitest project `dealscout`: Deal Scout's stack up once for every file of the project
 * (run under the stack lock: `npm run test:dealscout`, scripts/test.sh), every fault off, and removed after
 * the last file. Its own fixed ports (27xxx, clear of the BuyWhere stack's and Playwright's): a Deal Scout
 * stack already up on them is kept, not rebuilt, and removed at the end like this one.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const docker = connectDocker();
  if (!(await isEngineReachable(docker))) {
    const reason = `no Docker engine at ${socketPathOf(docker)}`;
    if (process.env.CI === "true")
      throw new Error(`CI=true and ${reason}: run scripts/services/ensure-docker.sh`);
    console.warn(`SKIPPED sim/dealscout: ${reason}`);
    project.provide("dealScout", { ok: false, reason } satisfies DealScoutProvided);
    return async () => undefined;
  }
  const stateDir = await mkdtemp(join(tmpdir(), "warroom-ds-test-"));
  const env = { WARROOM_DS_STACK_DIR: stateDir };
  const teardown = async () => {
    await dsStackDown({ env, docker }).catch((err: unknown) => console.warn(`deal-scout down: ${err}`));
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    const up = await dsStackUp({ env, docker, log: (line) => console.info(`  ${line}`) });
    // A stack kept from before may have a scenario on.
    const reset = await resetDsStack({ env, docker });
    console.info(
      `deal-scout stack up in ${up.elapsedMs} ms${reset.length > 0 ? `; reset: ${reset.join("; ")}` : ""}`,
    );
    project.provide("dealScout", {
      ok: true,
      stack: { env, urls: up.urls, diskPath: up.disk.ok ? up.disk.path : null, upMs: up.elapsedMs },
    } satisfies DealScoutProvided);
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
