import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, readJsonBody } from "@/lib/http/read-body";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://127.0.0.1:3000/api/launch/vote", { method: "POST", body, headers });

async function statusOf(p: Promise<unknown>): Promise<number | "ok"> {
  try {
    await p;
    return "ok";
  } catch (err) {
    return err instanceof Refusal ? err.status : -1;
  }
}

describe("JSON bodies", () => {
  it.each([
    ["small JSON", post('{"a":1}'), "ok"],
    ["empty", post(""), "ok"],
    ["not JSON", post("{"), 400],
    ["over the cap", post(`"${"x".repeat(MAX_BODY_BYTES)}"`), 413],
    ["declared over the cap", post("{}", { "content-length": String(MAX_BODY_BYTES + 1) }), 413],
  ] as const)("%s", async (_n, req, want) => {
    expect(await statusOf(readJsonBody(req))).toBe(want);
  });
});

describe("ids echoed in messages", () => {
  it("are cut to 40 characters", () => {
    expect(shortId("abc")).toBe("abc");
    expect(shortId("x".repeat(5000))).toBe(`${"x".repeat(40)}…(5000 chars)`);
  });
});

describe("security headers", () => {
  it("every path: CSP with frame-ancestors 'none', nosniff, no referrer", async () => {
    // @ts-expect-error next.config.js is plain JavaScript without declarations
    const nextConfig = (await import("@/next.config.js")).default as NextConfig;
    const rules = (await nextConfig.headers?.()) ?? [];
    const all = rules.find((r) => r.source === "/:path*");
    const header = (key: string) => all?.headers.find((h) => h.key === key)?.value;
    expect(header("Content-Security-Policy")).toMatch(/frame-ancestors 'none'/);
    expect(header("Content-Security-Policy")).toMatch(/default-src 'self'/);
    expect(header("Content-Security-Policy")).toMatch(/connect-src 'self'/);
    expect(header("X-Content-Type-Options")).toBe("nosniff");
    expect(header("Referrer-Policy")).toBe("no-referrer");
  });
});
