import { postBody, postMessage } from "@/lib/comms/post-message";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "comms-post",
    mutating: true,
    schema: postBody,
    run: postMessage,
    respond: (result) =>
      Response.json(result, {
        status: result.mode === "slack" ? 202 : 200,
        headers: { "Cache-Control": "no-store" },
      }),
  });
}
