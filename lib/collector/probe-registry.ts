import "server-only";
import type { ProbeRegistry } from "@/lib/model/probe";
import { probeGa4 } from "@/lib/probes/external/ga4-probe";
import { probeSentry } from "@/lib/probes/external/sentry-probe";
import { probeHttpRepeat, probeHttpRun } from "@/lib/probes/http-pair-probes";
import { probeHttp } from "@/lib/probes/http-probe";
import { INFRA_PROBES } from "@/lib/probes/infra/registry";
import { probeProductDetail } from "@/lib/probes/product-detail-probe";
import { probePrometheus } from "@/lib/probes/prometheus-probe";
import { probeRedirect } from "@/lib/probes/redirect-probe";
import { probeSearch } from "@/lib/probes/search-probe";
import { probeTls } from "@/lib/probes/tls-probe";
import { probeUptime } from "@/lib/uptime/uptime-probe";

/** Every check kind maps to its probe; a kind without one fails to compile. */
export const PROBES: ProbeRegistry = {
  http: probeHttp,
  "http-repeat": probeHttpRepeat,
  "http-run": probeHttpRun,
  search: probeSearch,
  "product-detail": probeProductDetail,
  redirect: probeRedirect,
  tls: probeTls,
  prometheus: probePrometheus,
  uptime: probeUptime,
  ...INFRA_PROBES,
  sentry: probeSentry,
  ga4: probeGa4,
};
