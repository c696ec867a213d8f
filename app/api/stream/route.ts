import { openBoardStream } from "@/lib/http/board-stream";

export const dynamic = "force-dynamic";

/** Server-sent events: the whole board state after every collection cycle. */
export function GET(req: Request) {
  return openBoardStream(req);
}
