import "server-only";
import type { Evidence, Probe } from "@/lib/model/probe";
import { readExternal, withWhy } from "@/lib/probes/external/external-request";
import { excerpt, finishResult, thresholdVerdict, unknownResult } from "@/lib/probes/result";

type Issue = { title: string; count: number; firstSeen: string; shortId: string };

/** Issues out of Sentry's issue list (GET /api/0/projects/{org}/{project}/issues/), or null when it is not one. */
export function parseSentryIssues(body: unknown): Issue[] | null {
  if (!Array.isArray(body)) return null;
  const issues: Issue[] = [];
  for (const raw of body) {
    if (typeof raw !== "object" || raw === null) return null;
    const r = raw as Record<string, unknown>;
    const count = Number(r.count);
    if (!Number.isFinite(count)) return null;
    issues.push({
      title: String(r.title ?? r.culprit ?? "untitled"),
      count,
      firstSeen: String(r.firstSeen ?? ""),
      shortId: String(r.shortId ?? r.id ?? ""),
    });
  }
  return issues;
}

/**
 * Launch-day §3.1: the largest occurrence count among unresolved issues matching the search that were
 * first seen within the window. Sentry is the instrument: unreachable or refusing, the reading is unknown.
 */
export const probeSentry: Probe<"sentry"> = async (check, ctx) => {
  const query = `is:unresolved firstSeen:-${check.newWithinHours}h ${check.query}`;
  const url = `${check.url.replace(/\/+$/, "")}/api/0/projects/${encodeURIComponent(check.org)}/${encodeURIComponent(check.project)}/issues/?query=${encodeURIComponent(query)}&statsPeriod=24h&sort=freq&limit=25`;
  const evidence: Evidence = { url, query, tokenEnv: check.tokenEnv };
  const { tokenEnv, minIntervalSec } = check;
  return readExternal(
    ctx,
    { system: "Sentry", tokenEnv, minIntervalSec, url, method: "GET", evidence },
    (json) => {
      const issues = parseSentryIssues(json);
      if (!issues) return unknownResult("Sentry answered with something that is not an issue list", evidence);
      const top = [...issues].sort((a, b) => b.count - a.count)[0];
      const value = top?.count ?? 0;
      evidence.issues = issues.length;
      if (top)
        evidence.top = excerpt(
          `${top.shortId} ${top.title} (${top.count}, first seen ${top.firstSeen})`,
          200,
        );
      const what = top
        ? `${top.shortId} ${excerpt(top.title, 80)}: ${top.count} occurrences`
        : `no new issue matching "${check.query}" in ${check.newWithinHours} h`;
      return finishResult({
        verdicts: check.thresholds
          ? [withWhy(thresholdVerdict("occurrences", value, "", check.thresholds), what)]
          : [],
        value,
        unit: "",
        evidence,
        okSummary: what,
      });
    },
  );
};
