import type Docker from "dockerode";
import { inject } from "vitest";
import type { Reading } from "@/lib/model/probe";
import { type Runbook, runbookSchema } from "@/lib/model/runbook-schema";
import { connectDocker } from "@/lib/rollback/docker-engine";
import { buildDealScout } from "@/lib/runbook/presets/deal-scout";
import { DS_SERVICES, type DsUrls } from "../ds-config";
import { listDsContainers } from "../ds-containers";
import { type DsFault, resetDsStack, setDsFault } from "../ds-faults";
import { dsStackUp } from "../ds-up";
import { DsBoard, type Readings } from "./ds-board";

/**
 * Deal Scout's stack for the tests of the vitest project `dealscout`: brought up once for the whole run by
 * the project's global setup (ds-global-setup.ts), which hands each test file its state folder and URLs.
 * A test file takes it with `dealScoutStack()`, reads it with `board`, and starts each scenario from rest
 * with `settle()`; it never takes the stack down (the global setup does, after the last file).
 */
export type DealScoutStackInfo = {
  /** WARROOM_DS_STACK_DIR: pass it to setDsFault, resetDsStack, dsStackUp as `env`. */
  env: Record<string, string>;
  urls: DsUrls;
  /** The stack's own tmpfs (what disk-full fills), or null when none could be mounted. */
  diskPath: string | null;
  upMs: number;
};
export type DealScoutProvided = { ok: true; stack: DealScoutStackInfo } | { ok: false; reason: string };

declare module "vitest" {
  export interface ProvidedContext {
    dealScout: DealScoutProvided;
  }
}

/**
 * Read ok at rest: every part up and answering. Not here: latency and error rate (they depend on the host's
 * load) and backend-image (warn on a machine that has built only one release: nothing to roll back to).
 */
export const AT_REST = [
  ...["health", "db-ping", "db-locks", "redis-ping", "celery-queue", "celery-workers", "ebay-api"],
  ...["backend-container", "postgres-container", "redis-container", "worker-container", "beat-container"],
  ...["backend-env", "disk"],
] as const;

/** The preset's runbook on this stack, with windows of seconds instead of minutes (scenarios show and clear fast). */
export function dealScoutTestRunbook(stack: DealScoutStackInfo): Runbook {
  const parsed = runbookSchema.parse(
    buildDealScout({
      WARROOM_DEALSCOUT_URL: stack.urls.backend,
      WARROOM_DEALSCOUT_REDIS_URL: stack.urls.redis,
      WARROOM_DEALSCOUT_DATABASE_URL: stack.urls.postgres,
      WARROOM_DEALSCOUT_EBAY_URL: stack.urls.ebay,
      WARROOM_DEALSCOUT_DISK_PATH: stack.diskPath ?? "/",
    }),
  );
  return {
    ...parsed,
    checks: parsed.checks.map((c) => {
      if (c.kind === "prometheus") return { ...c, windowSec: 3 };
      if (c.kind === "docker-logs") return { ...c, sinceSec: 8 };
      if (c.kind === "docker-container") return { ...c, statsEverySec: 2 };
      return c;
    }),
  };
}

export type DealScoutHarness = {
  stack: DealScoutStackInfo;
  docker: Docker;
  runbook: Runbook;
  board: DsBoard;
  fault: (fault: DsFault, on: boolean) => Promise<string>;
  /** Every fault off, the stack whole again, and the board at rest (AT_REST all ok). */
  settle: (timeoutMs?: number) => Promise<Readings>;
};

/** The stack the global setup brought up; null (the file skips) when there is no engine outside CI. */
export function dealScoutStack(): DealScoutHarness | null {
  const provided = inject("dealScout");
  if (!provided)
    throw new Error("no Deal Scout stack provided: run the file in the vitest project dealscout");
  if (!provided.ok) return null;
  const { stack } = provided;
  const docker = connectDocker();
  const runbook = dealScoutTestRunbook(stack);
  const board = new DsBoard(runbook);
  const opts = { env: stack.env, docker };
  return {
    stack,
    docker,
    runbook,
    board,
    fault: (fault, on) => setDsFault(fault, on, opts),
    async settle(timeoutMs = 120_000) {
      // Another file may have removed a container: bring back what is missing (kept when all are there).
      const running = (await listDsContainers(docker)).filter((c) => c.State === "running");
      if (running.length < DS_SERVICES.length) await dsStackUp(opts);
      await resetDsStack(opts);
      return board.until("at rest", (r) => AT_REST.every((id) => r.get(id)?.level === "ok"), timeoutMs);
    },
  };
}

export function skipReason(): string | null {
  const provided = inject("dealScout");
  return provided?.ok === false ? provided.reason : null;
}

export type Want = "warn" | "crit" | "not-ok" | "ok";
export const isLevel = (r: Reading | undefined, want: Want) =>
  want === "not-ok" ? r?.level === "warn" || r?.level === "crit" : r?.level === want;
