import { NextResponse } from "next/server";
import { buildBoardState } from "@/lib/collector/build-board-state";
import { getHub } from "@/lib/hub/hub";

export const dynamic = "force-dynamic";

export function GET() {
  const state = buildBoardState(getHub(), new Date());
  if (!state) return NextResponse.json({ error: "collector not started" }, { status: 503 });
  return NextResponse.json(state, { headers: { "Cache-Control": "no-store" } });
}
