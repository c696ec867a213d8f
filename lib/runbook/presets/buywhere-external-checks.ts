import type { RunbookInput } from "@/lib/model/runbook-schema";
import type { PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";

type CheckInput = RunbookInput["checks"][number];

/** GA4 events of launch-day §3.3 with their expected rates at 10K DAU. */
const GA4_EVENTS = [
  {
    id: "ga4-page-view",
    event: "page_view",
    perMin: 10,
    source: "launch-day §3.3: page_view > 10/min after social posts",
  },
  {
    id: "ga4-search",
    event: "search",
    perMin: 5,
    source: "launch-day §3.3: search > 5/min within first 30 min",
  },
  {
    id: "ga4-affiliate-click",
    event: "affiliate_click",
    perMin: 1,
    source: "launch-day §3.3: affiliate_click > 1/min once traffic normalises",
  },
] as const;

const DIMENSIONS_SOURCE = "launch-day §3.3: key dimensions to watch";

/** Launch-day §3.3's key dimensions: the reading is the share of the value named (or of the largest). */
const GA4_DIMENSION_CHECKS = [
  {
    id: "ga4-country",
    label: "GA4 United States share",
    dimension: "country",
    focus: "United States",
    source: `${DIMENSIONS_SOURCE}: Country = United States (confirm US traffic routing)`,
    // The runbook names no share: warroom warns when US visitors are not the majority.
    thresholds: {
      direction: "below",
      warn: 50,
      source: "launch-day §3.3: US traffic confirmed (no share given; warns under half)",
    },
  },
  {
    id: "ga4-device",
    label: "GA4 mobile share",
    dimension: "deviceCategory",
    focus: "mobile",
    source: `${DIMENSIONS_SOURCE}: Device: mobile vs desktop ratio`,
  },
  {
    id: "ga4-source",
    label: "GA4 sessions by source",
    dimension: "sessionSource",
    source: `${DIMENSIONS_SOURCE}: Source/medium: direct, twitter, producthunt, organic`,
  },
] as const;

/**
 * Sentry (launch-day §3.1) and GA4 (§3.3: events in real time, and the country, device and source
 * breakdowns), read through their APIs. Where they are and which
 * environment variable holds each credential come from the environment: WARROOM_SENTRY_URL,
 * WARROOM_SENTRY_ORG, WARROOM_SENTRY_PROJECT, WARROOM_SENTRY_TOKEN_ENV (default SENTRY_AUTH_TOKEN);
 * WARROOM_GA4_URL, WARROOM_GA4_PROPERTY, WARROOM_GA4_TOKEN_ENV (default GA4_ACCESS_TOKEN, an OAuth
 * access token with analytics.readonly), WARROOM_GA4_TIME_ZONE (the property's reporting time zone). Without a project or property the check is not probed and
 * says why; without the token it reads unknown with the variable's name.
 */
export function buyWhereExternalChecks(env: PresetEnv): CheckInput[] {
  const sentryProject = env.WARROOM_SENTRY_PROJECT?.trim();
  const property = env.WARROOM_GA4_PROPERTY?.trim();
  const ga4 = {
    kind: "ga4" as const,
    owner: "lyra",
    url: env.WARROOM_GA4_URL ?? "https://analyticsdata.googleapis.com",
    // A placeholder id keeps the check valid while it is not probed.
    property: property || "0",
    tokenEnv: env.WARROOM_GA4_TOKEN_ENV || "GA4_ACCESS_TOKEN",
    // GA4 dates and times are in the property's reporting zone; the runbook's (New York) when unset.
    ...(env.WARROOM_GA4_TIME_ZONE ? { reportingTimeZone: env.WARROOM_GA4_TIME_ZONE } : {}),
    ...(property ? {} : { unavailable: "GA4 not configured: WARROOM_GA4_PROPERTY is not set" }),
  };
  return [
    {
      id: "sentry-unhandled-rejections",
      kind: "sentry",
      label: "Sentry: new UnhandledPromiseRejection",
      owner: "atlas",
      source: "launch-day §3.1: new UnhandledPromiseRejection with > 50 occurrences, page on-call",
      url: env.WARROOM_SENTRY_URL ?? "https://sentry.io",
      org: env.WARROOM_SENTRY_ORG || "buywhere",
      project: sentryProject || "unset",
      query: "UnhandledPromiseRejection",
      newWithinHours: 24,
      tokenEnv: env.WARROOM_SENTRY_TOKEN_ENV || "SENTRY_AUTH_TOKEN",
      thresholds: { direction: "above", crit: 50, source: "launch-day §3.1: > 50 occurrences" },
      ...(sentryProject ? {} : { unavailable: "Sentry not configured: WARROOM_SENTRY_PROJECT is not set" }),
    },
    ...GA4_EVENTS.map(
      (e): CheckInput => ({
        ...ga4,
        id: e.id,
        label: `GA4 ${e.event} per minute`,
        source: e.source,
        event: e.event,
        measure: "rate",
        minutes: 5,
        // The runbook's figures are expectations at 10K DAU, not outages: below them is a warning.
        thresholds: { direction: "below", warn: e.perMin, source: e.source },
      }),
    ),
    ...GA4_DIMENSION_CHECKS.map((d): CheckInput => ({ ...ga4, ...d, measure: "breakdown", minutes: 30 })),
    {
      ...ga4,
      id: "ga4-sessions-trend",
      label: "GA4 sessions trend",
      source: "launch-day §3.3: session_start trending up through morning",
      event: "session_start",
      measure: "trend",
      minutes: 30,
      thresholds: {
        direction: "below",
        warn: 0.1,
        source: "launch-day §3.3: trending up (flat or falling warns)",
      },
    },
  ];
}
