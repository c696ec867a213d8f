import { z } from "zod";
import { getRun } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** One run with every step: command, output, timing, result. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handleLaunchRoute(req, {
    action: "rollback.run",
    mutating: false,
    schema: z.object({}),
    run: (ctx, actor, meta) => getRun(ctx, actor, meta, { id }),
  });
}
