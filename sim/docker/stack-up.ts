import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { assertEngineReachable } from "@/lib/rollback/docker-engine";
import { readRollbackState } from "@/lib/rollback/rollback-state";
import { writeBackup } from "./backups";
import { apiEnv, type StackSettings } from "./container-specs";
import { deployRelease } from "./deploy-release";
import { ensureDiskMount } from "./host-disk";
import {
  containerName,
  DEFAULT_PRODUCT_ROWS,
  DISK_SIZE_BYTES,
  resolveStackPorts,
  SERVICE_DEPENDENCIES,
  STACK_SERVICES,
  type StackService,
} from "./stack-config";
import { assertPortsFree, ensureServiceContainer, inspectContainer } from "./stack-containers";
import { type StackContext, type StackOptions, stackContext } from "./stack-context";
import { buildStackImages, pruneStaleImages, type StackImageSet, serviceImage } from "./stack-images";
import { writeStackRecord } from "./stack-record";
import { type StackStatus, stackStatusOf } from "./stack-status";
import { waitForHealth } from "./wait-healthy";

export const DEFAULT_HEALTH_TIMEOUT_MS = 90_000;

export type StackUpOptions = StackOptions & {
  /** Rows generated into catalog.products on the primary's first start; default SIM_STACK_PRODUCTS or 1,342,817. */
  productRows?: number;
  /** How long each service may take to become healthy. */
  healthTimeoutMs?: number;
};

export type StackUpResult = {
  status: StackStatus;
  elapsedMs: number;
  /** True when `latest` moved (a new release, .rollback_state rewritten). */
  isNewRelease: boolean;
  backup: string;
  /** The disk-pressure tmpfs; without root there is none and disk-pressure is refused. */
  disk: { ok: true } | { ok: false; reason: string };
};

const productsSchema = z.coerce.number().int().min(0).max(50_000_000);

export function resolveProductRows(env: Record<string, string | undefined>, explicit?: number): number {
  if (explicit !== undefined) return productsSchema.parse(explicit);
  const raw = env.SIM_STACK_PRODUCTS;
  if (raw === undefined || raw === "") return DEFAULT_PRODUCT_ROWS;
  const parsed = productsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`SIM_STACK_PRODUCTS must be a whole number of rows, got "${raw}"`);
  return parsed.data;
}

/**
 * Builds what is missing, deploys the API/MCP release (rollback state + `latest`), then starts every
 * service as soon as the services it depends on are healthy, and waits until all are healthy.
 * Idempotent: containers already running the right image and settings are kept.
 */
export async function stackUp(opts: StackUpOptions = {}): Promise<StackUpResult> {
  const started = performance.now();
  const ctx = stackContext(opts);
  await assertEngineReachable(ctx.docker);
  const settings: StackSettings = {
    ports: resolveStackPorts(ctx.env),
    productRows: resolveProductRows(ctx.env, opts.productRows),
    backupsDir: ctx.paths.backups,
  };
  await mkdir(ctx.paths.backups, { recursive: true });
  await assertServicePortsFree(ctx, settings);
  const images = await buildStackImages(ctx.docker, ctx.log);
  const isNewRelease = await deployRelease(ctx.docker, ctx.paths.rollbackState, images);
  await writeStackRecord(ctx.paths, settings);
  // The host's .env the deploy reads (deploy §1.2), beside .rollback_state; its secrets are the sim's own.
  await writeFile(join(dirname(ctx.paths.rollbackState), ".env"), `${apiEnv(settings).join("\n")}\n`, {
    mode: 0o600,
  });
  const disk = await ensureDiskMount(ctx.paths.disk, DISK_SIZE_BYTES);
  if (!disk.ok) ctx.log(`disk-pressure unavailable: ${disk.reason}`);

  await startInDependencyOrder(ctx, images, settings, opts.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS);
  const backup = await writeBackup(ctx.docker, ctx.paths.backups);
  const rollback = await readRollbackState(ctx.paths.rollbackState);
  await pruneStaleImages(
    ctx.docker,
    images,
    rollback ? [rollback.PREV_API_IMAGE, rollback.PREV_MCP_IMAGE] : [],
  );
  const status = await stackStatusOf(ctx);
  return { status, elapsedMs: Math.round(performance.now() - started), isNewRelease, backup, disk };
}

/** Before creating anything: every service that is not already running needs its ports free. */
async function assertServicePortsFree(ctx: StackContext, settings: StackSettings): Promise<void> {
  for (const service of STACK_SERVICES) {
    const info = await inspectContainer(ctx.docker, containerName(service));
    if (!info?.State.Running) await assertPortsFree(service, settings);
  }
}

async function startInDependencyOrder(
  ctx: StackContext,
  images: StackImageSet,
  settings: StackSettings,
  timeoutMs: number,
): Promise<void> {
  const healthy = new Map<StackService, Promise<void>>();
  const bringUp = (service: StackService): Promise<void> => {
    const known = healthy.get(service);
    if (known) return known;
    const promise = (async () => {
      await Promise.all(SERVICE_DEPENDENCIES[service].map(bringUp));
      const action = await ensureServiceContainer(
        ctx.docker,
        service,
        serviceImage(images, service),
        settings,
      );
      const since = performance.now();
      await waitForHealth(ctx.docker, containerName(service), { until: "healthy", timeoutMs });
      ctx.log(
        `${containerName(service)}: ${action}, healthy after ${Math.round(performance.now() - since)} ms`,
      );
    })();
    healthy.set(service, promise);
    return promise;
  };
  // allSettled first: a failure must not leave other services half-started behind our back.
  const results = await Promise.allSettled(STACK_SERVICES.map(bringUp));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
