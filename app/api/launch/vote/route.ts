import { castVote, voteBody } from "@/lib/launch/cast-vote";
import { handleLaunchRoute } from "@/lib/launch/route-adapter";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, { action: "vote", mutating: true, schema: voteBody, run: castVote });
}
