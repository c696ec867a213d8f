import { redactUrl } from "@/lib/model/redact";
import type { Check, CheckKind, CheckOf } from "@/lib/model/runbook-schema";

type Describe<K extends CheckKind> = (check: CheckOf<K>) => string;

const container = (c: { container?: string; project?: string; service?: string; socketPath: string }) =>
  `${c.container ?? `${c.project} service ${c.service}`} via ${c.socketPath}`;

/** What each kind reaches, as a person checking the runbook needs to see it (URL passwords hidden). */
const TARGET: { [K in CheckKind]: Describe<K> } = {
  http: (c) => {
    const headers = Object.keys(c.headers ?? {});
    return `GET ${redactUrl(c.url)}${headers.length ? ` (sends ${headers.join(", ")})` : ""}`;
  },
  "http-repeat": (c) => `${c.method} ${redactUrl(c.url)} twice, the second's time against the first's`,
  "http-run": (c) =>
    `GET ${redactUrl(c.url)} (${c.name}: ${c.startedPath} without ${c.completedPath} for > ${c.maxMinutes} min)`,
  search: (c) =>
    `GET ${redactUrl(c.url)} (at least ${c.minTotal} result${c.minTotal === 1 ? "" : "s"}${
      c.bySource
        ? `; by ${c.bySource.field}${c.bySource.require.length ? `, needs ${c.bySource.require.join(", ")}` : ""}${c.bySource.pricing ? `, each priced in ${c.currency}` : ""}`
        : ""
    })`,
  "product-detail": (c) => `GET ${redactUrl(c.searchUrl)}, then ${redactUrl(c.detailUrl)}`,
  redirect: (c) => `GET ${redactUrl(c.url)} → ${c.expectHost}`,
  tls: (c) => `TLS ${c.host}:${c.port}${c.servername ? ` (SNI ${c.servername})` : ""}`,
  prometheus: (c) =>
    `GET ${redactUrl(c.url)} (${c.series}${
      c.labels
        ? ` of ${Object.entries(c.labels)
            .map(([k, v]) => `${k}=~"${v}"`)
            .join(",")}`
        : ""
    } over ${c.windowSec} s)`,
  uptime: (c) => `readings of ${c.check}`,
  pgbouncer: (c) => `PgBouncer ${c.user}@${c.host}:${c.port}, pool ${c.database}`,
  postgres: (c) => `${c.measure} on ${redactUrl(c.url)}`,
  redis: (c) => `${c.measure} on ${redactUrl(c.url)}`,
  host: (c) => ("path" in c ? `${c.measure} of ${c.path}` : `${c.measure} of this host`),
  "prometheus-query": (c) => `${redactUrl(c.url)} query ${c.query}`,
  sentry: (c) =>
    `Sentry ${redactUrl(c.url)} ${c.org}/${c.project} issues "${c.query}" new in ${c.newWithinHours} h (token from ${c.tokenEnv})`,
  ga4: (c) =>
    c.measure === "breakdown"
      ? `GA4 ${redactUrl(c.url)} property ${c.property}, ${c.focus ?? "largest"} share by ${c.dimension} (${c.dimension === "sessionSource" ? "sessions today" : `active users over ${c.minutes} min`}; token from ${c.tokenEnv})`
      : `GA4 real-time ${redactUrl(c.url)} property ${c.property}, ${c.event} ${c.measure} over ${c.minutes} min (token from ${c.tokenEnv})`,
  "docker-container": (c) => `container ${container(c)}`,
  "docker-env": (c) => `environment of ${container(c)}`,
  "docker-logs": (c) => `logs of ${container(c)} (last ${c.sinceSec} s)`,
  "docker-images": (c) => `images ${c.repository}:${c.tagPrefix}* via ${c.socketPath}`,
  "docker-du": (c) => `du ${c.path} in ${container(c)}`,
  tcp: (c) => `TCP ${c.host}:${c.port}${c.banner ? ` (greeting /${c.banner}/)` : ""}`,
};

export function describeCheckTarget(check: Check): string {
  if (check.unavailable) return `not probed: ${check.unavailable}`;
  return (TARGET[check.kind] as (c: Check) => string)(check);
}

/** One line per check: id, kind, target, in aligned columns. */
export function describeChecks(checks: Check[]): string[] {
  const idWidth = Math.max(...checks.map((c) => c.id.length));
  const kindWidth = Math.max(...checks.map((c) => c.kind.length));
  return checks.map(
    (c) => `  ${c.id.padEnd(idWidth)}  ${c.kind.padEnd(kindWidth)}  ${describeCheckTarget(c)}`,
  );
}
