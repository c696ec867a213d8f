import "server-only";
import { currentCredentials, type LaunchContext } from "@/lib/auth/launch-context";
import { publishBoard } from "@/lib/collector/publish-board";
import { type Db, getDb } from "@/lib/db/client";
import { currentBoard } from "@/lib/http/current-board";
import { getHub } from "@/lib/hub/hub";
import { toCheckLevels } from "@/lib/launch/board-launch-section";
import { zonedLocalToUtc } from "@/lib/model/launch-time";
import { Refusal } from "@/lib/model/refusal";

export type { LaunchContext };

export async function getLaunchContext(): Promise<LaunchContext> {
  const hub = getHub();
  const runbook = hub.loaded?.runbook;
  if (!runbook) throw new Refusal(503, "the war room has not started (no runbook loaded)");
  let db: Db;
  try {
    db = await getDb();
  } catch (err) {
    throw new Refusal(503, `storage unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }
  const board = () => currentBoard(hub, new Date());
  return {
    db,
    runbook,
    runbookT0Ms: zonedLocalToUtc(runbook.launch.local, runbook.launch.timeZone).getTime(),
    credentials: currentCredentials(runbook),
    checks: () => toCheckLevels(board()?.checks ?? []),
    board,
    publish: publishBoard,
    allowedOrigins: (process.env.WARROOM_ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    now: () => new Date(),
  };
}
