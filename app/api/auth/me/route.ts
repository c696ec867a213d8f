import { handleMe } from "@/lib/auth/handle-me";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handleMe(req);
}
