import "server-only";
import { currentCredentials, type LaunchContext } from "@/lib/auth/launch-context";
import { allowedHosts } from "@/lib/auth/reach";
import { publishBoard } from "@/lib/collector/publish-board";
import { type Db, getDb } from "@/lib/db/client";
import { currentBoard } from "@/lib/http/current-board";
import { getHub } from "@/lib/hub/hub";
import { toCheckLevels } from "@/lib/launch/board-launch-section";
import { zonedLocalToUtc } from "@/lib/model/launch-time";
import { errorText, redactSecrets } from "@/lib/model/redact";
import { Refusal } from "@/lib/model/refusal";
import { log } from "@/lib/runtime/log";

export type { LaunchContext };

export async function getLaunchContext(): Promise<LaunchContext> {
  const hub = getHub();
  const runbook = hub.loaded?.runbook;
  if (!runbook) throw new Refusal(503, "the war room has not started (no runbook loaded)");
  let db: Db;
  try {
    db = await getDb();
  } catch (err) {
    // The driver's text may carry a connection string: it goes to the server log only.
    log().error({ event: "storage-unavailable", err: redactSecrets(errorText(err)) }, "storage unavailable");
    throw new Refusal(503, "storage unavailable");
  }
  const board = () => currentBoard(hub, new Date());
  const allowedOrigins = (process.env.WARROOM_ALLOWED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    db,
    runbook,
    runbookT0Ms: zonedLocalToUtc(runbook.launch.local, runbook.launch.timeZone).getTime(),
    credentials: currentCredentials(runbook),
    checks: () => toCheckLevels(board()?.checks ?? []),
    board,
    // On a follower this asks the leader to publish (docs/replicas.md).
    publish: () => (hub.publish ?? publishBoard)(),
    allowedOrigins,
    allowedHosts: allowedHosts(allowedOrigins, process.env.WARROOM_ALLOWED_HOSTS),
    enforceHosts: Boolean(process.env.WARROOM_ALLOWED_HOSTS?.trim()),
    now: () => new Date(),
  };
}
