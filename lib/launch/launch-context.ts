import "server-only";
import { type Credentials, loadCredentials } from "@/lib/auth/credentials";
import { buildBoardState } from "@/lib/collector/build-board-state";
import { getHub } from "@/lib/collector/hub";
import { getDb } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { toCheckLevels } from "@/lib/launch/board-launch-section";
import { LaunchError } from "@/lib/launch/errors";
import type { CheckLevel } from "@/lib/launch/types";
import { zonedLocalToUtc } from "@/lib/runbook/launch-time";
import type { Runbook } from "@/lib/runbook/schema";

export type LaunchContext = {
  db: PrismaClient;
  runbook: Runbook;
  runbookT0Ms: number;
  credentials: Credentials;
  /** Live check levels as the board shows them (stale readings are unknown). */
  checks: () => Map<string, CheckLevel>;
  allowedOrigins: string[];
  now: () => Date;
};

const KEY = Symbol.for("warroom.launch.credentials");
type GlobalWithCreds = typeof globalThis & { [KEY]?: { key: string; credentials: Credentials } };

/** Credentials from the environment, hashed once per distinct configuration. */
export function currentCredentials(runbook: Runbook, env: NodeJS.ProcessEnv = process.env): Credentials {
  const g = globalThis as GlobalWithCreds;
  const key = JSON.stringify([
    env.WARROOM_USERS,
    env.WARROOM_TOKENS,
    env.WARROOM_DEMO,
    env.NODE_ENV,
    runbook.id,
  ]);
  if (g[KEY]?.key !== key) {
    g[KEY] = {
      key,
      credentials: loadCredentials(
        env,
        runbook.people.map((p) => p.id),
      ),
    };
  }
  return g[KEY].credentials;
}

export async function getLaunchContext(): Promise<LaunchContext> {
  const hub = getHub();
  const runbook = hub.loaded?.runbook;
  if (!runbook) throw new LaunchError(503, "the war room has not started (no runbook loaded)");
  let db: PrismaClient;
  try {
    db = await getDb();
  } catch (err) {
    throw new LaunchError(503, `storage unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    db,
    runbook,
    runbookT0Ms: zonedLocalToUtc(runbook.launch.local, runbook.launch.timeZone).getTime(),
    credentials: currentCredentials(runbook),
    checks: () => toCheckLevels(buildBoardState(hub, new Date())?.checks ?? []),
    allowedOrigins: (process.env.WARROOM_ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    now: () => new Date(),
  };
}
