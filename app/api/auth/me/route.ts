import { handleMe } from "@/lib/http/handle-me";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handleMe(req);
}
