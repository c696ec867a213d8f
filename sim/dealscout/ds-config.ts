import { z } from "zod";
import { SIM_HOST } from "../ports";

/**
 * Deal Scout's own simulated stack (runbook 003): a compose project of its own, its own ports and its own
 * Redis and PostgreSQL, never the BuyWhere stack's (docs/docker-stack.md "Deal Scout").
 */
export const DS_PROJECT = "deal-scout";

/** In start order; `integrations` stands in for eBay's API and the SMTP provider (external to Deal Scout). */
export const DS_SERVICES = ["postgres", "redis", "integrations", "backend", "worker", "beat"] as const;
export type DsService = (typeof DS_SERVICES)[number];

export const DS_DEPENDENCIES: Record<DsService, readonly DsService[]> = {
  postgres: [],
  redis: [],
  integrations: [],
  backend: ["postgres", "redis"],
  worker: ["redis", "integrations"],
  beat: ["redis"],
};

export const dsContainerName = (service: DsService) => `${DS_PROJECT}-${service}-1`;

export type DsPorts = {
  backend: number;
  backendControl: number;
  postgres: number;
  redis: number;
  ebay: number;
  smtp: number;
  integrationsControl: number;
};

/** 27xxx: clear of the BuyWhere stack (18xxx, 25xxx, 26xxx) and of the Playwright ports (28xxx, 29xxx). */
export const DS_DEFAULT_PORTS: DsPorts = {
  backend: 27100,
  backendControl: 27199,
  postgres: 27432,
  redis: 27379,
  ebay: 27180,
  smtp: 27025,
  integrationsControl: 27189,
};

const DS_PORT_ENV: Record<keyof DsPorts, string> = {
  backend: "SIM_DS_BACKEND_PORT",
  backendControl: "SIM_DS_CONTROL_PORT",
  postgres: "SIM_DS_POSTGRES_PORT",
  redis: "SIM_DS_REDIS_PORT",
  ebay: "SIM_DS_EBAY_PORT",
  smtp: "SIM_DS_SMTP_PORT",
  integrationsControl: "SIM_DS_INTEGRATIONS_CONTROL_PORT",
};
const fixedPort = z.coerce.number().int().min(1).max(65535);

export function resolveDsPorts(env: Record<string, string | undefined> = process.env): DsPorts {
  const ports = { ...DS_DEFAULT_PORTS };
  for (const key of Object.keys(DS_PORT_ENV) as (keyof DsPorts)[]) {
    const raw = env[DS_PORT_ENV[key]];
    if (raw === undefined || raw === "") continue;
    const parsed = fixedPort.safeParse(raw);
    if (!parsed.success) throw new Error(`${DS_PORT_ENV[key]} must be a port number 1-65535, got "${raw}"`);
    ports[key] = parsed.data;
  }
  return ports;
}

export function dsServicePorts(ports: DsPorts): Record<DsService, readonly number[]> {
  return {
    postgres: [ports.postgres],
    redis: [ports.redis],
    integrations: [ports.ebay, ports.smtp, ports.integrationsControl],
    backend: [ports.backend, ports.backendControl],
    worker: [],
    beat: [],
  };
}

export const DS_DB = { name: "deals", user: "dealscout", password: "dealscout" } as const;
export const DS_SMTP = { user: "alerts@deal-scout.local", password: "sim-smtp-password" } as const;
/** The backend's container memory limit: "memory > 85%" is against it, as `docker stats` shows it. */
export const DS_BACKEND_MEMORY_BYTES = 384 * 1024 * 1024;
/** Size of the tmpfs the disk-full fault fills (the board's disk gauge for this stack). */
export const DS_DISK_BYTES = 32 * 1024 * 1024;

export type DsUrls = {
  backend: string;
  backendControl: string;
  postgres: string;
  redis: string;
  ebay: string;
  smtp: { host: string; port: number };
  integrationsControl: string;
};

export function dsUrls(ports: DsPorts): DsUrls {
  return {
    backend: `http://${SIM_HOST}:${ports.backend}`,
    backendControl: `http://${SIM_HOST}:${ports.backendControl}`,
    postgres: `postgres://${DS_DB.user}:${DS_DB.password}@${SIM_HOST}:${ports.postgres}/${DS_DB.name}`,
    redis: `redis://${SIM_HOST}:${ports.redis}/0`,
    ebay: `http://${SIM_HOST}:${ports.ebay}`,
    smtp: { host: SIM_HOST, port: ports.smtp },
    integrationsControl: `http://${SIM_HOST}:${ports.integrationsControl}`,
  };
}
