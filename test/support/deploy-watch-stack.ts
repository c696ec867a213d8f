// A one-service stack for the deploy watch (compose project warroom-rbdeploy, primary "web" on host
// networking, busybox httpd images tagged sha-…) and a runbook watching it. Deploying = what compose does
// on `up -d` with a new image: tag it latest, remove the container, create and start it again by name.
// Never used by the app; shared by the integration test and the bench.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type Docker from "dockerode";
import {
  buildHttpImage,
  removeTestContainers,
  removeTestImages,
  TEST_VERIFY,
} from "@/test/support/rollback-fixture";

export const DEPLOY_PROJECT = "warroom-rbdeploy";
export const DEPLOY_REPO = `${DEPLOY_PROJECT}-web`;
export const DEPLOY_CONTAINER = `${DEPLOY_PROJECT}-web-1`;

export type DeployImages = { good: string; bad: string };

/** good answers /health; bad answers 404 there (its search still works): T1 fails, T2 passes. */
export async function buildDeployImages(docker: Docker): Promise<DeployImages> {
  return {
    good: await buildHttpImage(docker, DEPLOY_REPO, "sha-5555555", { healthy: true, build: "web-v5" }),
    bad: await buildHttpImage(docker, DEPLOY_REPO, "sha-6666666", { healthy: false, build: "web-v6" }),
  };
}

export async function removeDeployStack(docker: Docker, images: boolean): Promise<void> {
  await removeTestContainers(docker, DEPLOY_PROJECT);
  if (images) await removeTestImages(docker, [DEPLOY_REPO]);
}

/** Tags `image` latest and (re)creates the web container on it, as `docker compose up -d web` would. */
export async function deployWeb(docker: Docker, image: string, port: number): Promise<void> {
  await docker.getImage(image).tag({ repo: DEPLOY_REPO, tag: "latest" });
  await docker
    .getContainer(DEPLOY_CONTAINER)
    .remove({ force: true })
    .catch(() => undefined);
  const web = await docker.createContainer({
    name: DEPLOY_CONTAINER,
    Image: `${DEPLOY_REPO}:latest`,
    Env: [`PORT=${port}`],
    Labels: {
      "com.docker.compose.project": DEPLOY_PROJECT,
      "com.docker.compose.service": "web",
      "com.docker.compose.container-number": "1",
    },
    StopSignal: "SIGKILL",
    HostConfig: { NetworkMode: "host" },
  });
  await web.start();
}

/** A runbook file watching the web container: two smoke tests, health failures after a deploy. */
export function writeDeployRunbook(
  dir: string,
  port: number,
  intervalMs = 60_000,
): { file: string; stateFile: string } {
  const stateFile = join(dir, ".rollback_state");
  const base = `http://127.0.0.1:${port}`;
  const file = join(dir, "runbook.json");
  writeFileSync(
    file,
    JSON.stringify({
      id: "rbdeploy",
      name: "deploy watch test",
      system: "test",
      launch: { local: "2026-04-23T09:00", timeZone: "UTC" },
      collector: { intervalMs, defaultTimeoutMs: 3000 },
      checks: [
        {
          id: "web-health",
          kind: "http",
          label: "web /health",
          url: `${base}/health`,
          json: [{ path: "status", equals: "ok" }],
        },
        {
          id: "web-search",
          kind: "http",
          label: "web search",
          url: `${base}/v1/search?q=laptop`,
          json: [{ path: "products.0.name", exists: true }],
        },
      ],
      actions: {
        stack: {
          project: DEPLOY_PROJECT,
          services: [{ service: "web", role: "primary", repo: DEPLOY_REPO, stateKey: "PREV_API_IMAGE" }],
          stateFile,
          baseUrl: base,
          verify: TEST_VERIFY,
          healthWaitMs: 30_000,
          stopTimeoutS: 3,
        },
        rollback: { kind: "docker" },
      },
      deployWatch: {
        source: "test deploy runbook",
        smoke: [
          { id: "t1", label: "T1 health", checks: ["web-health"] },
          { id: "t2", label: "T2 search", checks: ["web-search"] },
        ],
        healthCheck: "web-health",
      },
    }),
  );
  return { file, stateFile };
}
