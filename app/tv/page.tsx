import { namesOf } from "@/components/launch/launch-parts";
import { TvBoard } from "@/components/tv/tv-board";
import { currentBoardForPage } from "@/lib/http/current-board";
import { getHub } from "@/lib/hub/hub";

export const dynamic = "force-dynamic";

/** Rendered with the board the server holds now: the kiosk's first paint is the board, never a blank page. */
export default function TvPage() {
  return <TvBoard names={namesOf(getHub().loaded?.runbook.people ?? [])} initial={currentBoardForPage()} />;
}
