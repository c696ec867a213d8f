// A server process as the route tests drive it: the launch harness's people signed in through the real
// route, on a fresh database. Never used by the app.
import { expect } from "vitest";
import { POST as signInPost } from "@/app/api/auth/sign-in/route";
import { resetProcessGuards } from "@/lib/auth/process-guards";
import { closeDb, getDb } from "@/lib/db/client";
import type { EnvBackend } from "@/test/support/env-backends";
import { installRunbook, PASSWORDS, REX_TOKEN, request } from "@/test/support/launch-harness";

/** WARROOM_USERS with every harness person and WARROOM_TOKENS with Rex's bot token, as the server reads them. */
export function setHarnessCredentials(): void {
  process.env.WARROOM_USERS = Object.entries(PASSWORDS)
    .map(([id, pw]) => `${id}:${pw}`)
    .join(",");
  process.env.WARROOM_TOKENS = `rex:${REX_TOKEN}`;
}

/** Signs `person` in with the harness's password; the session cookie to send back. */
export async function signIn(person: string): Promise<string> {
  const res = await signInPost(request("/api/auth/sign-in", {}, { person, password: PASSWORDS[person] }));
  expect(res.status, `sign-in ${person}`).toBe(200);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

export type ApiProcess = { cookies: Record<string, string>; close: () => Promise<void> };

/**
 * The harness's credentials, `backend` opened, the BuyWhere runbook installed, the database open and
 * `people` signed in (their cookies by id). `close` closes the database and removes the backend's data,
 * also when opening failed half-way.
 */
export async function openApiProcess(backend: EnvBackend, people: readonly string[]): Promise<ApiProcess> {
  setHarnessCredentials();
  const cleanup = await backend.open();
  const close = async () => {
    await closeDb();
    await cleanup();
  };
  try {
    // Each backend plays a fresh process: its sign-in limits and audit tallies start empty.
    resetProcessGuards();
    installRunbook();
    await getDb();
    const cookies: Record<string, string> = {};
    for (const p of people) cookies[p] = await signIn(p);
    return { cookies, close };
  } catch (err) {
    await close();
    throw err;
  }
}
