import type { RunbookInput } from "@/lib/model/runbook-schema";
import {
  type BuyWhereInfraTargets,
  containerCheckId,
  MONITORING_CONTAINERS,
  SCRAPER_WORKER,
} from "@/lib/runbook/presets/buywhere-infra-targets";

type CheckInput = RunbookInput["checks"][number];

/** Deploy §1.2's seven keys, as the host's .env must carry them. */
const ENV_KEYS = [
  "DATABASE_URL",
  "REDIS_URL",
  "JWT_SECRET_KEY",
  "POSTGRES_PASSWORD",
  "AFFILIATE_TAG",
  "USD_DEFAULT",
  "US_REGION",
];

/**
 * What the deploy runbook checks on the host beside the core containers: the .env file (§1.2), the
 * monitoring and cron services (§2 step 7) and launch day's scraper-worker-fixed (§4.3, §4.5). Bolt's.
 */
export function buyWhereStackChecks(t: BuyWhereInfraTargets): CheckInput[] {
  const docker = { socketPath: t.dockerSocket };
  const owner = "bolt";
  return [
    {
      id: "env-file",
      kind: "host",
      label: ".env on the host",
      owner,
      source: "deploy §1.2: ls -lh .env — present (not .env.example), the 7 keys set",
      measure: "env-file",
      path: t.envFile,
      required: ENV_KEYS,
    },
    {
      id: "running-commits",
      kind: "host",
      label: "Last commits of the deployed code",
      owner,
      source: "incident §2.6: git log --oneline -5 in the deployed code's folder",
      measure: "git-log",
      // The simulated stack is built from images, not a checkout: without one there is nothing to read.
      path: t.appRepo ?? "/",
      count: 5,
      ...(t.appRepo ? {} : { unavailable: "WARROOM_APP_REPO is not set: no checkout of the deployed code" }),
    },
    {
      id: SCRAPER_WORKER.id,
      kind: "docker-container",
      label: SCRAPER_WORKER.label,
      owner,
      source: SCRAPER_WORKER.source,
      ...docker,
      container: SCRAPER_WORKER.container,
    },
    // Up or not is what step 7 asks; their CPU is sampled once a minute, not every 10 s.
    ...MONITORING_CONTAINERS.map(
      (c): CheckInput => ({
        id: containerCheckId(c.service),
        kind: "docker-container",
        label: `${c.label} container`,
        owner,
        source: "deploy §2 step 7: monitoring and cron services up",
        ...docker,
        project: t.dockerProject,
        service: c.service,
        statsEverySec: 60,
      }),
    ),
  ];
}
