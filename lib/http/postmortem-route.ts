import "server-only";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { readPostmortemData } from "@/lib/db/incident-postmortem-data";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";
import { renderPostmortem } from "@/lib/rules/postmortem";

/** GET /api/incidents/:id/postmortem → the filled §6.3 template as a Markdown download. */
export async function postmortemMarkdown(ctx: LaunchContext, _actor: Actor, _meta: RequestMeta, id: string) {
  const data = await readPostmortemData(ctx.db, ctx.runbook, id, ctx.now());
  if (!data) throw new Refusal(404, `incident: no incident "${shortId(id)}"`);
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
