import { z } from "zod";
import { sessionCookie } from "@/lib/auth/request-meta";
import { signOut } from "@/lib/auth/sign-in";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "sign-out",
    mutating: true,
    schema: z.object({}),
    run: (ctx, actor, meta) => signOut(ctx, actor, meta),
    respond: (_r, meta) =>
      Response.json({ ok: true }, { headers: { "Set-Cookie": sessionCookie("", 0, meta.secure) } }),
  });
}
