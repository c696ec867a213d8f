// The launch harness's people signed in through the real route, as a browser signs in. Never used by the app.
import { expect } from "vitest";
import { POST as signInPost } from "@/app/api/auth/sign-in/route";
import { PASSWORDS, REX_TOKEN, request } from "@/test/support/launch-harness";

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
