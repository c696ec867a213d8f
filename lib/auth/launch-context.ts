import "server-only";
import { type Credentials, loadCredentials } from "@/lib/auth/credentials";
import type { Db } from "@/lib/db/client";
import type { BoardState } from "@/lib/model/board";
import type { CheckLevel } from "@/lib/model/launch";
import type { Runbook } from "@/lib/model/runbook-schema";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

/** What a request acts with: storage, the runbook, who may act, and the board as viewers see it. */
export type LaunchContext = {
  db: Db;
  runbook: Runbook;
  runbookT0Ms: number;
  credentials: Credentials;
  /** Live check levels as the board shows them (stale readings are unknown). */
  checks: () => Map<string, CheckLevel>;
  /** The board as /api/state serves it now (null: no runbook loaded). */
  board: () => BoardState | null;
  /** Pushes the board to every live viewer now, so a change shows without waiting for the next cycle. */
  publish: () => void;
  allowedOrigins: string[];
  /** Host names this server answers to (DNS-rebinding guard), enforced when `enforceHosts` or in demo mode. */
  allowedHosts: ReadonlySet<string>;
  enforceHosts: boolean;
  now: () => Date;
};

type HashedCredentials = { key: string; credentials: Credentials };

/** Credentials from the environment, hashed once per distinct configuration. */
export function currentCredentials(runbook: Runbook, env: NodeJS.ProcessEnv = process.env): Credentials {
  const key = JSON.stringify([
    env.WARROOM_USERS,
    env.WARROOM_TOKENS,
    env.WARROOM_DEMO,
    env.NODE_ENV,
    runbook.id,
  ]);
  const held = peekProcessState<HashedCredentials>("auth.credentials");
  if (held?.key === key) return held.credentials;
  const credentials = loadCredentials(
    env,
    runbook.people.map((p) => p.id),
  );
  setProcessState<HashedCredentials>("auth.credentials", { key, credentials });
  return credentials;
}
