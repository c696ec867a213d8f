import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import {
  judgeRead,
  READ_GATED_PATHS,
  readTokenFrom,
  VIEW_COOKIE,
  viewCookieValue,
} from "@/lib/auth/read-gate";
import { config, proxy } from "@/proxy";

const TOKEN = "kiosk-7c1e9a2b4d6f8a0c";
const saved = process.env.WARROOM_READ_TOKEN;
afterEach(() => {
  if (saved === undefined) delete process.env.WARROOM_READ_TOKEN;
  else process.env.WARROOM_READ_TOKEN = saved;
});

const ask = (path: string, over: Partial<Parameters<typeof judgeRead>[1]> = {}) =>
  judgeRead(TOKEN, { path, cookies: {}, bearer: null, key: null, ...over });

describe("the read token", () => {
  it("is optional; a short one stops the start-up naming the variable, never the value", () => {
    expect(readTokenFrom({})).toBeNull();
    expect(readTokenFrom({ WARROOM_READ_TOKEN: "  " })).toBeNull();
    expect(readTokenFrom({ WARROOM_READ_TOKEN: TOKEN })).toBe(TOKEN);
    expect(() => readTokenFrom({ WARROOM_READ_TOKEN: "hunter2" })).toThrow(
      /^WARROOM_READ_TOKEN: must be at least 16/,
    );
    try {
      readTokenFrom({ WARROOM_READ_TOKEN: "hunter2" });
    } catch (err) {
      expect((err as Error).message).not.toContain("hunter2");
    }
  });

  it("without it every read is open, as before", () => {
    for (const path of READ_GATED_PATHS)
      expect(judgeRead(null, { path, cookies: {}, bearer: null, key: null }).kind).toBe("open");
  });

  it("with it: the board's pages and reads need the view cookie, the bearer token or the kiosk key", () => {
    for (const path of READ_GATED_PATHS) expect(ask(path).kind, path).toBe("denied");
    expect(ask("/api/state")).toMatchObject({ kind: "denied", page: false });
    expect(ask("/tv")).toMatchObject({ kind: "denied", page: true });
    expect(ask("/api/state", { bearer: TOKEN }).kind).toBe("allowed");
    expect(ask("/api/state", { bearer: `${TOKEN}x` }).kind).toBe("denied");
    expect(ask("/tv", { cookies: { [VIEW_COOKIE]: viewCookieValue(TOKEN) } }).kind).toBe("allowed");
    expect(ask("/tv", { cookies: { [`__Host-${VIEW_COOKIE}`]: viewCookieValue(TOKEN) } }).kind).toBe(
      "allowed",
    );
    // A cookie made for another token (the token was rotated) opens nothing.
    expect(ask("/tv", { cookies: { [VIEW_COOKIE]: viewCookieValue("another-token-0123456789") } }).kind).toBe(
      "denied",
    );
    expect(ask("/tv", { key: TOKEN }).kind).toBe("grant");
    expect(ask("/tv", { key: "wrong" }).kind).toBe("denied");
    // The key is a link for pages, not a way to read the API from a URL (logs keep URLs).
    expect(ask("/api/state", { key: TOKEN }).kind).toBe("denied");
  });

  it("leaves sign-in, health and the owner console to their own rules", () => {
    for (const path of ["/signin", "/api/health", "/api/auth/sign-in", "/owner", "/api/launch/state"])
      expect(ask(path).kind, path).toBe("open");
  });

  it("the proxy's matcher is exactly the gated paths", () => {
    expect(config.matcher).toEqual(READ_GATED_PATHS);
  });
});

describe("the proxy in front of the board", () => {
  const get = (url: string, headers: Record<string, string> = {}) =>
    proxy(
      new NextRequest(new URL(url, "http://127.0.0.1:3000"), {
        headers: { host: "127.0.0.1:3000", ...headers },
      }),
    );

  it("the kiosk link sets a long-lived view cookie and drops the key from the address", () => {
    process.env.WARROOM_READ_TOKEN = TOKEN;
    const res = get(`/tv?key=${TOKEN}&theme=dark`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://127.0.0.1:3000/tv?theme=dark");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(`${VIEW_COOKIE}=${viewCookieValue(TOKEN)}`);
    expect(cookie).toMatch(/Max-Age=34560000/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toContain(TOKEN);
    const again = get("/tv", { cookie: `${VIEW_COOKIE}=${viewCookieValue(TOKEN)}` });
    expect(again.headers.get("x-middleware-next")).toBe("1");
  });

  it("a page without it goes to sign-in and comes back; the API answers 401 saying how to get in", async () => {
    process.env.WARROOM_READ_TOKEN = TOKEN;
    const page = get("/");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("http://127.0.0.1:3000/signin?next=%2F");
    const api = get("/api/stream");
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: string }).error).toMatch(
      /read token: sign in, open the kiosk link/,
    );
    expect(get("/api/state", { authorization: `Bearer ${TOKEN}` }).headers.get("x-middleware-next")).toBe(
      "1",
    );
  });

  it("without a token it lets everything through", () => {
    delete process.env.WARROOM_READ_TOKEN;
    expect(get("/api/state").headers.get("x-middleware-next")).toBe("1");
  });
});
