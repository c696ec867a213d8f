import type Docker from "dockerode";
import type { ContainerCreateOptions } from "dockerode";
import { LABEL_PROJECT, LABEL_SERVICE } from "../docker/stack-config";
import { inspectContainer, isPortInUse, removeContainer } from "../docker/stack-containers";
import {
  DS_BACKEND_MEMORY_BYTES,
  DS_DB,
  DS_PROJECT,
  DS_SMTP,
  type DsPorts,
  type DsService,
  dsContainerName,
  dsServicePorts,
  dsUrls,
} from "./ds-config";

/** The production-like environment of each service: the runbook checks some of it by name. */
export function dsServiceEnv(service: DsService, ports: DsPorts): string[] {
  const urls = dsUrls(ports);
  const smtp = [`SMTP_HOST=${urls.smtp.host}`, `SMTP_PORT=${ports.smtp}`, `SMTP_USER=${DS_SMTP.user}`];
  const secrets = [
    `SMTP_PASSWORD=${DS_SMTP.password}`,
    "EBAY_APP_ID=DealScou-sim-PRD-0a1b2c3d4",
    "EBAY_ENV=production",
  ];
  const app = [
    `REDIS_URL=${urls.redis}`,
    `EBAY_API_URL=${urls.ebay}`,
    // The worker sends the backend's pending notifications and marks them sent through its API.
    `BACKEND_URL=${urls.backend}`,
    ...smtp,
    ...secrets,
  ];
  switch (service) {
    case "postgres":
      return [
        `PGPORT=${ports.postgres}`,
        `DB_NAME=${DS_DB.name}`,
        `DB_USER=${DS_DB.user}`,
        `DB_PASSWORD=${DS_DB.password}`,
      ];
    case "redis":
      return [`REDIS_PORT=${ports.redis}`];
    case "integrations":
      return [
        `EBAY_PORT=${ports.ebay}`,
        `SMTP_PORT=${ports.smtp}`,
        `CONTROL_PORT=${ports.integrationsControl}`,
        `SMTP_USER=${DS_SMTP.user}`,
        `SMTP_PASSWORD=${DS_SMTP.password}`,
      ];
    case "backend":
      return [
        `BACKEND_PORT=${ports.backend}`,
        `CONTROL_PORT=${ports.backendControl}`,
        `DATABASE_URL=${urls.postgres}`,
        ...app,
      ];
    case "worker":
    case "beat":
      return app;
  }
}

export function dsContainerSpec(service: DsService, image: string, ports: DsPorts): ContainerCreateOptions {
  return {
    name: dsContainerName(service),
    Image: image,
    Env: dsServiceEnv(service, ports),
    Labels: {
      [LABEL_PROJECT]: DS_PROJECT,
      [LABEL_SERVICE]: service,
      "com.docker.compose.container-number": "1",
      "com.docker.compose.oneoff": "False",
    },
    ...(service === "beat" ? { Cmd: ["beat-entrypoint"] } : {}),
    HostConfig: {
      NetworkMode: "host",
      Init: true,
      RestartPolicy: { Name: "unless-stopped" },
      LogConfig: { Type: "json-file", Config: { "max-size": "10m", "max-file": "2" } },
      // "Memory > 85%" is read against this limit, as `docker stats` shows MEM %.
      ...(service === "backend" ? { Memory: DS_BACKEND_MEMORY_BYTES } : {}),
    },
  };
}

export async function listDsContainers(docker: Docker) {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL_PROJECT}=${DS_PROJECT}`] } });
}

export async function assertDsPortsFree(service: DsService, ports: DsPorts): Promise<void> {
  const taken: number[] = [];
  for (const port of dsServicePorts(ports)[service]) if (await isPortInUse(port)) taken.push(port);
  if (taken.length === 0) return;
  throw new Error(
    `${dsContainerName(service)}: 127.0.0.1:${taken.join(", ")} already in use. Choose others with the SIM_DS_*_PORT variables (docs/docker-stack.md).`,
  );
}

/** Keeps a container on the right image and settings (starting it if stopped), else recreates it. */
export async function ensureDsContainer(
  docker: Docker,
  service: DsService,
  image: { ref: string; id: string },
  ports: DsPorts,
): Promise<"kept" | "started" | "created"> {
  const spec = dsContainerSpec(service, image.ref, ports);
  const name = dsContainerName(service);
  const info = await inspectContainer(docker, name);
  const env = new Set(info?.Config.Env ?? []);
  const same =
    info &&
    info.Image === image.id &&
    info.HostConfig.NetworkMode === "host" &&
    (spec.Env ?? []).every((e) => env.has(e)) &&
    (spec.Cmd ?? info.Config.Cmd)?.join(" ") === info.Config.Cmd?.join(" ");
  if (info && same) {
    if (info.State.Running) return "kept";
    await docker.getContainer(name).start();
    return "started";
  }
  if (info) await removeContainer(docker, name);
  await assertDsPortsFree(service, ports);
  const container = await docker.createContainer(spec);
  await container.start();
  return "created";
}
