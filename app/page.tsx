import { Board } from "@/components/board";
import { currentBoardForPage } from "@/lib/http/current-board";

export const dynamic = "force-dynamic";

export default function BoardPage() {
  return <Board initial={currentBoardForPage()} />;
}
