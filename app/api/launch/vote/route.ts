import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { castVote, voteBody } from "@/lib/launch/cast-vote";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, { action: "vote", mutating: true, schema: voteBody, run: castVote });
}
