import { NextResponse } from "next/server";
import { currentBoard } from "@/lib/http/current-board";

export const dynamic = "force-dynamic";

export function GET() {
  const state = currentBoard();
  if (!state) return NextResponse.json({ error: "collector not started" }, { status: 503 });
  return NextResponse.json(state, { headers: { "Cache-Control": "no-store" } });
}
