import { z } from "zod";
import { markdownResponse, postmortemMarkdown } from "@/lib/http/postmortem-route";
import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handleLaunchRoute(req, {
    action: "incident-postmortem",
    mutating: false,
    schema: z.object({}).passthrough(),
    run: (ctx, actor, meta) => {
      if (!z.string().uuid().safeParse(id).success)
        throw new Refusal(400, `id: "${shortId(id)}" is not an incident id`);
      return postmortemMarkdown(ctx, actor, meta, id);
    },
    respond: markdownResponse,
  });
}
