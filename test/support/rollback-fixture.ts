// Two-version test stack for the rollback integration tests: our own busybox images and containers
// (warroom-rbtest-*), never the shared buywhere-api stack. Never used by the app.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import type { AuditInput } from "@/lib/db/launch-types";
import {
  actionsSchema,
  type RunbookActions,
  type RunbookActionsInput,
  type VerifyRequestInput,
} from "@/lib/model/actions-schema";
import type { RollbackTarget } from "@/lib/model/rollback";
import { writeRollbackState } from "@/lib/rollback/rollback-state";
import { resolveActions } from "@/lib/rollback/target";
import { freePort } from "@/scripts/services/test-servers";
import { importRootfs } from "@/sim/docker/import-image";

export const PROJECT = "warroom-rbtest";
export const API_REPO = `${PROJECT}-api`;
export const MCP_REPO = `${PROJECT}-mcp`;
export const SCRAPER_REPO = `${PROJECT}-scraper`;
export const containerOf = (service: string) => `${PROJECT}-${service}-1`;

type Build = { healthy: boolean; build: string };

const SEARCH = '{"total":42,"products":[{"id":"p1","name":"Laptop","currency":"USD"}]}';
const GO_CGI = `#!/bin/sh
printf 'Status: 302 Found\\r\\nLocation: https://www.amazon.com/dp/B09G9HDHJT?tag=buywhere-20\\r\\n\\r\\n'
`;

/** A busybox httpd image: /health (absent when unhealthy → 404), /v1/search, /cgi-bin/go (302 tagged). */
export async function buildHttpImage(docker: Docker, repo: string, tag: string, b: Build): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "warroom-rbtest-"));
  try {
    for (const dir of ["bin", "tmp", "www/v1", "www/cgi-bin"])
      mkdirSync(join(root, dir), { recursive: true });
    copyFileSync("/bin/busybox", join(root, "bin/busybox"));
    chmodSync(join(root, "bin/busybox"), 0o755);
    for (const applet of ["sh", "printf", "sleep", "wget", "httpd", "echo", "touch", "test"]) {
      symlinkSync("busybox", join(root, "bin", applet));
    }
    if (b.healthy) writeFileSync(join(root, "www/health"), `{"status":"ok","build":"${b.build}"}`);
    writeFileSync(join(root, "www/v1/search"), SEARCH);
    writeFileSync(join(root, "www/cgi-bin/go"), GO_CGI);
    chmodSync(join(root, "www/cgi-bin/go"), 0o755);
    chmodSync(join(root, "tmp"), 0o1777);
    return await importRootfs(docker, root, { repo, tag }, [
      "ENV PATH=/bin",
      `ENV BUILD=${b.build}`,
      `LABEL com.warroom.build=${b.build}`,
      'CMD ["/bin/sh", "-c", "exec httpd -f -p 127.0.0.1:$PORT -h /www"]',
      "HEALTHCHECK --interval=1s --timeout=2s --start-period=30s --retries=2 CMD wget -q -O /dev/null http://127.0.0.1:$PORT/health",
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The scraper: a sleep loop, no health check; `ignoreTerm`: only SIGKILL ends it. */
export async function buildLoopImage(
  docker: Docker,
  repo: string,
  tag: string,
  ignoreTerm = false,
): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "warroom-rbtest-"));
  try {
    mkdirSync(join(root, "bin"), { recursive: true });
    copyFileSync("/bin/busybox", join(root, "bin/busybox"));
    chmodSync(join(root, "bin/busybox"), 0o755);
    for (const applet of ["sh", "sleep"]) symlinkSync("busybox", join(root, "bin", applet));
    return await importRootfs(docker, root, { repo, tag }, [
      "ENV PATH=/bin",
      `CMD ["/bin/sh", "-c", "trap '${ignoreTerm ? "" : "exit 0"}' TERM; while true; do sleep 1; done"]`,
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export type TestImages = {
  apiGood: string;
  apiBad: string;
  apiNeverHealthy: string;
  mcpV1: string;
  mcpV2: string;
  scraper: string;
};

export async function buildTestImages(docker: Docker): Promise<TestImages> {
  return {
    apiGood: await buildHttpImage(docker, API_REPO, "sha-1111111", { healthy: true, build: "v1" }),
    apiBad: await buildHttpImage(docker, API_REPO, "sha-2222222", { healthy: false, build: "v2" }),
    apiNeverHealthy: await buildHttpImage(docker, API_REPO, "sha-0000000", { healthy: false, build: "v0" }),
    mcpV1: await buildHttpImage(docker, MCP_REPO, "sha-1111111", { healthy: true, build: "mcp-v1" }),
    mcpV2: await buildHttpImage(docker, MCP_REPO, "sha-2222222", { healthy: true, build: "mcp-v2" }),
    scraper: await buildLoopImage(docker, SCRAPER_REPO, "c-test"),
  };
}

export async function removeTestContainers(docker: Docker, project = PROJECT): Promise<void> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  await Promise.all(
    list.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

export async function removeTestImages(
  docker: Docker,
  repos: readonly string[] = [API_REPO, MCP_REPO, SCRAPER_REPO],
): Promise<void> {
  for (const repo of repos) {
    const images = await docker.listImages({ filters: { reference: [`${repo}:*`] } });
    for (const i of images)
      await docker
        .getImage(i.Id)
        .remove({ force: true })
        .catch(() => undefined);
  }
}

/** An audit entry as a route would build it, for tests that drive the verbs directly. */
export function testAudit(runbookId: string) {
  return (action: string, message: string, data: Record<string, unknown> = {}): AuditInput => ({
    runbookId,
    actor: "rex",
    role: "lead",
    via: "token",
    action,
    outcome: "ok",
    ip: null,
    userAgent: "vitest",
    message,
    data: data as AuditInput["data"],
  });
}

export type TestStack = {
  target: RollbackTarget;
  /** The runbook actions that resolve to `target` (installed on a runbook for the HTTP API tests). */
  actions: RunbookActions;
  ports: { api: number; mcp: number };
  stateDir: string;
};

/** The checks' verification requests against the busybox API (its redirect is a CGI under /cgi-bin). */
export const TEST_VERIFY: VerifyRequestInput[] = [
  { match: "status", label: "health answers 200", path: "/health", expectStatus: [200] },
  {
    match: "json",
    label: "search returns results",
    path: "/v1/search?q=laptop&limit=1&currency=USD",
    expectStatus: [200],
    json: [{ path: "products.0", exists: true }],
  },
  {
    match: "redirect",
    label: "affiliate redirect tagged buywhere-20",
    path: "/cgi-bin/go/B09G9HDHJT",
    expectHost: "amazon.com",
    expectParams: { tag: "buywhere-20" },
  },
];

/** Runbook actions parsed as the app parses them, and the target the rollback resolves from them. */
export function targetFromActions(input: RunbookActionsInput): {
  actions: RunbookActions;
  target: RollbackTarget;
} {
  const actions = actionsSchema.parse(input);
  const target = resolveActions(actions, {}).target;
  if (!target) throw new Error("test actions name no stack");
  return { actions, target };
}

function labels(service: string): Record<string, string> {
  return {
    "com.docker.compose.project": PROJECT,
    "com.docker.compose.service": service,
    "com.docker.compose.container-number": "1",
  };
}

/**
 * A "deployed" stack: api and mcp on `current` (tagged latest), the scraper running, and a rollback state
 * file pointing at `previous` — what deploy.sh leaves behind.
 */
export async function deployTestStack(
  docker: Docker,
  release: { api: string; mcp: string },
  previous: { api: string; mcp: string } | null,
  healthTimeoutMs = 30_000,
): Promise<TestStack> {
  await removeTestContainers(docker);
  const ports = { api: await freePort(), mcp: await freePort() };
  const stateDir = mkdtempSync(join(tmpdir(), "warroom-rbtest-state-"));
  await docker.getImage(release.api).tag({ repo: API_REPO, tag: "latest" });
  await docker.getImage(release.mcp).tag({ repo: MCP_REPO, tag: "latest" });
  const specs = [
    { service: "api", image: `${API_REPO}:latest`, env: [`PORT=${ports.api}`, "AFFILIATE_TAG=buywhere-20"] },
    { service: "mcp", image: `${MCP_REPO}:latest`, env: [`PORT=${ports.mcp}`] },
    { service: "scraper-scheduler", image: `${SCRAPER_REPO}:c-test`, env: ["SOURCES=amazon"] },
  ];
  for (const s of specs) {
    const c = await docker.createContainer({
      name: containerOf(s.service),
      Image: s.image,
      Env: s.env,
      Labels: labels(s.service),
      // httpd as PID 1 ignores SIGTERM: without this every stop waits out docker's 10 s.
      // (Container-level, so the recreate must carry it over.)
      StopSignal: "SIGKILL",
      HostConfig: { NetworkMode: "host", RestartPolicy: { Name: "unless-stopped" } },
    });
    await c.start();
  }
  const rollbackStatePath = join(stateDir, ".rollback_state");
  if (previous) {
    await writeRollbackState(rollbackStatePath, {
      PREV_API_IMAGE: previous.api,
      PREV_MCP_IMAGE: previous.mcp,
      PREV_SHA: "1111111",
      DEPLOY_TIME: "2026-04-23T11:02:00Z",
      DEPLOY_SHA: "2222222",
    });
  }
  return {
    ports,
    stateDir,
    ...targetFromActions({
      stack: {
        project: PROJECT,
        services: [
          { service: "api", role: "primary", repo: API_REPO, stateKey: "PREV_API_IMAGE" },
          { service: "mcp", role: "dependent", repo: MCP_REPO, stateKey: "PREV_MCP_IMAGE" },
          { service: "scraper-scheduler", role: "dependent" },
        ],
        stateFile: rollbackStatePath,
        baseUrl: `http://127.0.0.1:${ports.api}`,
        verify: TEST_VERIFY,
        healthWaitMs: healthTimeoutMs,
        stopTimeoutS: 10,
      },
      // Like the BuyWhere preset: the migration downgrade is shown as the last step, never run.
      rollback: {
        kind: "docker",
        manual: [
          {
            name: "migration downgrade (manual, never automatic)",
            command: `docker compose -p ${PROJECT} run --rm migrate alembic downgrade -1`,
            warning: "Only if the bad release introduced a breaking database migration.",
          },
        ],
      },
      restart: { kind: "docker" },
    }),
  };
}
