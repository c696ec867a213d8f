// A second test stack shaped unlike BuyWhere's: compose project warroom-rbshop, a primary "web", a
// dependent "worker" that ignores SIGTERM and has no healthcheck, and no scraper (the runbook names one
// as optional). Host networking only: no bridge network is ever created. Never used by the app.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { writeRollbackState } from "@/lib/rollback/rollback-state";
import { freePort } from "@/scripts/services/test-servers";
import {
  buildHttpImage,
  buildLoopImage,
  removeTestContainers,
  removeTestImages,
  TEST_VERIFY,
  type TestStack,
  targetFromActions,
} from "@/test/support/rollback-fixture";

export const SHOP = "warroom-rbshop";
export const WEB_REPO = `${SHOP}-web`;
export const WORKER_REPO = `${SHOP}-worker`;
export const shopContainer = (service: string) => `${SHOP}-${service}-1`;
/** The runbook's stop timeout for this stack (the worker waits it out on every stop). */
export const SHOP_STOP_TIMEOUT_S = 3;

export type ShopImages = { webGood: string; webBad: string; worker: string };

export async function buildShopImages(docker: Docker): Promise<ShopImages> {
  return {
    webGood: await buildHttpImage(docker, WEB_REPO, "sha-1111111", { healthy: true, build: "web-v1" }),
    webBad: await buildHttpImage(docker, WEB_REPO, "sha-2222222", { healthy: false, build: "web-v2" }),
    worker: await buildLoopImage(docker, WORKER_REPO, "w-test", true),
  };
}

export async function removeShop(docker: Docker, images: boolean): Promise<void> {
  await removeTestContainers(docker, SHOP);
  if (images) await removeTestImages(docker, [WEB_REPO, WORKER_REPO]);
}

export type ShopShape = {
  /** The runbook's stop timeout (default SHOP_STOP_TIMEOUT_S). */
  stopTimeoutS?: number;
  /** The primary stops with SIGTERM, which its httpd ignores: every stop of it takes the full timeout. */
  primaryIgnoresTerm?: boolean;
  /** Dependent services, each a SIGTERM-ignoring worker without healthcheck (default: "worker"). */
  dependents?: string[];
};

/** web on the bad release (tagged latest), the worker running, the state file naming the good one. */
export async function deployShop(
  docker: Docker,
  images: ShopImages,
  healthWaitMs = 30_000,
  shape: ShopShape = {},
): Promise<TestStack> {
  await removeShop(docker, false);
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), "warroom-rbshop-state-"));
  await docker.getImage(images.webBad).tag({ repo: WEB_REPO, tag: "latest" });
  const labels = (service: string) => ({
    "com.docker.compose.project": SHOP,
    "com.docker.compose.service": service,
    "com.docker.compose.container-number": "1",
  });
  const web = await docker.createContainer({
    name: shopContainer("web"),
    Image: `${WEB_REPO}:latest`,
    Env: [`PORT=${port}`],
    Labels: labels("web"),
    // httpd as PID 1 ignores SIGTERM; unless asked otherwise the primary here stops promptly.
    StopSignal: shape.primaryIgnoresTerm ? "SIGTERM" : "SIGKILL",
    HostConfig: { NetworkMode: "host" },
  });
  await web.start();
  const dependents = shape.dependents ?? ["worker"];
  for (const service of dependents) {
    const worker = await docker.createContainer({
      name: shopContainer(service),
      Image: `${WORKER_REPO}:w-test`,
      Labels: labels(service),
      HostConfig: { NetworkMode: "host" },
    });
    await worker.start();
  }
  const rollbackStatePath = join(stateDir, ".rollback_state");
  await writeRollbackState(rollbackStatePath, {
    PREV_API_IMAGE: images.webGood,
    PREV_MCP_IMAGE: "none",
    PREV_SHA: "1111111",
    DEPLOY_TIME: "2026-04-23T11:02:00Z",
    DEPLOY_SHA: "2222222",
  });
  return {
    ports: { api: port, mcp: 0 },
    stateDir,
    ...targetFromActions({
      stack: {
        project: SHOP,
        services: [
          { service: "web", role: "primary", repo: WEB_REPO, stateKey: "PREV_API_IMAGE" },
          ...dependents.map((service) => ({ service, role: "dependent" as const })),
          { service: "scraper", role: "dependent", optional: true },
        ],
        stateFile: rollbackStatePath,
        baseUrl: `http://127.0.0.1:${port}`,
        verify: TEST_VERIFY,
        healthWaitMs,
        stopTimeoutS: shape.stopTimeoutS ?? SHOP_STOP_TIMEOUT_S,
      },
      rollback: { kind: "docker" },
    }),
  };
}
