import { type NextRequest, NextResponse } from "next/server";
import { judgeRead, readTokenFrom, viewCookie } from "@/lib/auth/read-gate";
import { readRequestMeta } from "@/lib/auth/request-meta";

/** The read token's gate in front of the board's pages and public reads (lib/auth/read-gate.ts). */
export function proxy(req: NextRequest): NextResponse {
  let token: string | null;
  try {
    token = readTokenFrom(process.env);
  } catch (err) {
    // The server refuses to start with a bad token; should one appear anyway, nothing is served open.
    return NextResponse.json({ error: (err as Error).message }, { status: 500 });
  }
  const meta = readRequestMeta(req);
  const url = req.nextUrl;
  const verdict = judgeRead(token, {
    path: url.pathname,
    cookies: Object.fromEntries(req.cookies.getAll().map((c) => [c.name, c.value])),
    bearer: meta.bearer,
    key: url.searchParams.get("key"),
  });
  if (verdict.kind === "open" || verdict.kind === "allowed") return NextResponse.next();
  if (verdict.kind === "grant") {
    const params = new URLSearchParams(url.search);
    params.delete("key");
    const res = seeOther(`${url.pathname}${params.size ? `?${params}` : ""}`, meta.selfOrigin);
    res.headers.append("Set-Cookie", viewCookie(token, meta.secure));
    res.headers.set("Referrer-Policy", "no-referrer");
    return res;
  }
  if (verdict.page)
    return seeOther(`/signin?${new URLSearchParams({ next: url.pathname })}`, meta.selfOrigin);
  return NextResponse.json(
    { error: verdict.reason },
    { status: 401, headers: { "Cache-Control": "no-store" } },
  );
}

/**
 * To the page on the host the client addressed (its Host header): Next.js's own URL object turns
 * 127.0.0.1 into localhost, and a cookie set for one host is not sent to the other. A proxy's redirect
 * must carry an absolute Location.
 */
function seeOther(path: string, origin: string): NextResponse {
  return new NextResponse(null, {
    status: 303,
    headers: { Location: new URL(path, origin).toString(), "Cache-Control": "no-store" },
  });
}

// Must stay a literal (Next.js reads it at build time); a unit test keeps it equal to READ_GATED_PATHS.
export const config = {
  matcher: ["/", "/tv", "/api/state", "/api/stream", "/api/history", "/api/events"],
};
