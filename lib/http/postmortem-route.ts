import "server-only";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { readPostmortemData } from "@/lib/db/incident-postmortem-data";
import { Refusal } from "@/lib/model/refusal";
import type { CheckOf } from "@/lib/model/runbook-schema";
import { shortId } from "@/lib/model/short-id";
import { readGa4Users } from "@/lib/probes/external/ga4-users";
import { renderPostmortem } from "@/lib/rules/postmortem";

/** How long the post-mortem waits for GA4's user count before saying it could not be had. */
const GA4_TIMEOUT_MS = 5000;

/** GET /api/incidents/:id/postmortem → the filled §6.3 template as a Markdown download. */
export async function postmortemMarkdown(ctx: LaunchContext, _actor: Actor, _meta: RequestMeta, id: string) {
  const data = await readPostmortemData(ctx.db, ctx.runbook, id, ctx.now());
  if (!data) throw new Refusal(404, `incident: no incident "${shortId(id)}"`);
  // A configured GA4 property counts the users of the incident's minutes (incident §6.2 "affected users").
  const ga4s = ctx.runbook.checks.filter((c): c is CheckOf<"ga4"> => c.kind === "ga4");
  const ga4 = ga4s.find((c) => !c.unavailable) ?? ga4s[0] ?? null;
  data.users = await readGa4Users(
    ga4,
    {
      fromMs: Date.parse(data.incident.declaredAt),
      toMs: Date.parse(data.incident.resolvedAt ?? data.nowIso),
      timeZone: ga4?.reportingTimeZone ?? ctx.runbook.launch.timeZone,
      nowIso: data.nowIso,
    },
    AbortSignal.timeout(GA4_TIMEOUT_MS),
  );
  const day = data.incident.declaredAt.slice(0, 10);
  return { markdown: renderPostmortem(data), filename: `postmortem-${day}-${id.slice(0, 8)}.md` };
}

export function markdownResponse(result: { markdown: string; filename: string }): Response {
  return new Response(result.markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${result.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
