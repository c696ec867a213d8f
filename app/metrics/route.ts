import { handleMetrics } from "@/lib/http/handle-metrics";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handleMetrics(req);
}
