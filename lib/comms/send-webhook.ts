import "server-only";

export type SendOutcome = {
  ok: boolean;
  status: number | null;
  error: string | null;
  /** Worth trying again: 5xx, 408, 429, timeout, connection refused/reset. */
  isRetryable: boolean;
  /** From a 429's Retry-After header. */
  retryAfterMs: number | null;
};

const BODY_EXCERPT = 200;

function networkError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : null;
  const code = cause && "code" in cause && typeof cause.code === "string" ? cause.code : null;
  if (code === "ECONNREFUSED") return "connection refused (ECONNREFUSED)";
  if (code) return `${code}: ${cause?.message ?? ""}`.trim();
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** One POST of `{text}` to an incoming webhook, bounded by `timeoutMs` (headers and body). Never throws. */
export async function sendWebhook(
  url: string,
  text: string,
  timeoutMs: number,
  cancel: AbortSignal,
): Promise<SendOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCancel = () => controller.abort();
  cancel.addEventListener("abort", onCancel, { once: true });
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ text }),
      redirect: "manual",
      signal: controller.signal,
    });
    const body = (await res.text()).slice(0, BODY_EXCERPT).trim();
    if (res.ok) return { ok: true, status: res.status, error: null, isRetryable: false, retryAfterMs: null };
    const retryAfter = Number(res.headers.get("retry-after"));
    return {
      ok: false,
      status: res.status,
      error: `HTTP ${res.status}${body ? `: ${body}` : ""}`,
      isRetryable: res.status >= 500 || res.status === 408 || res.status === 429,
      retryAfterMs:
        res.status === 429 && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : null,
    };
  } catch (err) {
    if (timedOut) {
      return {
        ok: false,
        status: null,
        error: `no answer within ${timeoutMs} ms`,
        isRetryable: true,
        retryAfterMs: null,
      };
    }
    if (cancel.aborted) {
      return {
        ok: false,
        status: null,
        error: "cancelled: poster closed",
        isRetryable: false,
        retryAfterMs: null,
      };
    }
    return { ok: false, status: null, error: networkError(err), isRetryable: true, retryAfterMs: null };
  } finally {
    clearTimeout(timer);
    cancel.removeEventListener("abort", onCancel);
  }
}
