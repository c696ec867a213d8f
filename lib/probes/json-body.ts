import "server-only";
import type { HttpResponse } from "@/lib/probes/http-request";
import { excerpt, type Verdict, verdict } from "@/lib/probes/result";

export type JsonBody = { ok: true; json: unknown } | { ok: false; verdict: Verdict };

const SUMMARY_EXCERPT = 80;

/** Parse a response body as JSON; anything else (an HTML error page, truncated JSON) is a crit verdict. */
export function parseJsonBody(res: HttpResponse): JsonBody {
  const kind = res.contentType?.split(";")[0]?.trim() || "no content-type";
  if (res.body.trim() === "") {
    return { ok: false, verdict: notJson(`empty body (${kind})`) };
  }
  try {
    return { ok: true, json: JSON.parse(res.body) };
  } catch (err) {
    const head = excerpt(res.body, SUMMARY_EXCERPT);
    const isJsonType = /[/+]json$/i.test(kind);
    const reason = err instanceof Error ? err.message.split("\n")[0] : "parse error";
    const got = isJsonType ? `invalid JSON (${reason}): ${head}` : `${kind}: ${head}`;
    return { ok: false, verdict: notJson(got) };
  }
}

function notJson(got: string): Verdict {
  return verdict("[BODY] is JSON", got, false, "crit", `expected JSON, got ${got}`);
}
