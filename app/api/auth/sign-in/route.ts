import { handleSignIn } from "@/lib/http/handle-sign-in";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleSignIn(req);
}
