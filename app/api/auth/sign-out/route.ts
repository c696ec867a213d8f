import { z } from "zod";
import { readTokenFrom, viewCookie } from "@/lib/auth/read-gate";
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
    respond: (_r, meta) => {
      const headers = new Headers({ "Set-Cookie": sessionCookie("", 0, meta.secure) });
      // Signed out is no longer a reader of a board behind the read token (a kiosk never signs out).
      if (readTokenFrom(process.env)) headers.append("Set-Cookie", viewCookie(null, meta.secure));
      return Response.json({ ok: true }, { headers });
    },
  });
}
