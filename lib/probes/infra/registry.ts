import "server-only";
import { probeDockerContainer } from "@/lib/probes/infra/docker-container-probe";
import { probeDockerDu } from "@/lib/probes/infra/docker-du-probe";
import { probeDockerEnv } from "@/lib/probes/infra/docker-env-probe";
import { probeDockerImages } from "@/lib/probes/infra/docker-images-probe";
import { probeDockerLogs } from "@/lib/probes/infra/docker-logs-probe";
import { probeHost } from "@/lib/probes/infra/host-probe";
import type { InfraProbeRegistry } from "@/lib/probes/infra/infra-probe";
import { probePgbouncer } from "@/lib/probes/infra/pgbouncer-probe";
import { probePostgres } from "@/lib/probes/infra/postgres-probe";
import { probePrometheusQuery } from "@/lib/probes/infra/prometheus-query-probe";
import { probeRedis } from "@/lib/probes/infra/redis-probe";
import { probeTcp } from "@/lib/probes/infra/tcp-probe";

/** Every infra kind → its probe; spread into PROBES in lib/probes/registry.ts. */
export const INFRA_PROBES: InfraProbeRegistry = {
  "docker-container": probeDockerContainer,
  "docker-env": probeDockerEnv,
  "docker-logs": probeDockerLogs,
  "docker-images": probeDockerImages,
  "docker-du": probeDockerDu,
  pgbouncer: probePgbouncer,
  postgres: probePostgres,
  redis: probeRedis,
  host: probeHost,
  "prometheus-query": probePrometheusQuery,
  tcp: probeTcp,
};
