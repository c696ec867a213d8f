import "server-only";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { describeRequestError, type RequestErrorCode } from "@/lib/probes/request-error";
import { safeLookup } from "@/lib/probes/safe-lookup";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

// Probes run every few seconds: reuse connections. Idle sockets are dropped after 4 s, before the
// common 5 s server keep-alive timeout, and a reset on a reused socket is retried once (see below).
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: 4000 };
const HTTP_AGENT = new http.Agent(AGENT_OPTIONS);
// Certificate validity is the tls probe's job; the simulated stack is self-signed.
const HTTPS_AGENT = new https.Agent({ ...AGENT_OPTIONS, rejectUnauthorized: false });

export type HttpRequestOptions = {
  url: string;
  method?: "GET" | "HEAD" | "POST";
  headers?: Record<string, string>;
  /** Sent with POST (a read-only query such as a search), as JSON unless the headers say otherwise. */
  body?: string;
  /** Aborting it ends the request at once with a `timeout` failure. */
  signal?: AbortSignal;
  /** Hard deadline for the whole exchange, body included. */
  timeoutMs: number;
  maxBodyBytes?: number;
};

export type HttpResponse = {
  ok: true;
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  contentType: string | undefined;
  location: string | undefined;
  body: string;
  latencyMs: number;
};

export type HttpErrorCode = RequestErrorCode | "too-large" | "invalid-url";

export type HttpFailure = {
  ok: false;
  url: string;
  code: HttpErrorCode;
  /** One line, names the target: "connection refused by 127.0.0.1:18000". */
  message: string;
  latencyMs: number;
  /** Set when the failure came after the response head (reset mid-body, body too large). */
  status?: number;
  contentType?: string;
  bodyStart?: string;
};

export type HttpOutcome = HttpResponse | HttpFailure;

/** One HTTP(S) exchange that never follows redirects, never throws and never outlives its deadline. */
export function httpRequest(options: HttpRequestOptions): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  let target: URL;
  try {
    target = new URL(options.url);
  } catch {
    return Promise.resolve(fail(options.url, "invalid-url", `invalid URL "${options.url}"`, 0));
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return Promise.resolve(fail(options.url, "invalid-url", `unsupported protocol ${target.protocol}`, 0));
  }
  return new Promise((resolve) => {
    exchange(target, options, elapsed, true, resolve);
  });
}

function exchange(
  target: URL,
  options: HttpRequestOptions,
  elapsed: () => number,
  mayRetry: boolean,
  resolve: (outcome: HttpOutcome) => void,
): void {
  const url = target.toString();
  const endpoint = `${target.hostname}:${target.port || (target.protocol === "https:" ? 443 : 80)}`;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const isHttps = target.protocol === "https:";
  let settled = false;
  let response: http.IncomingMessage | undefined;

  const req = (isHttps ? https : http).request(target, {
    method: options.method ?? "GET",
    headers: {
      accept: "application/json, */*;q=0.5",
      "user-agent": "warroom-probe/1",
      ...(options.body !== undefined && { "content-type": "application/json" }),
      ...options.headers,
    },
    agent: isHttps ? HTTPS_AGENT : HTTP_AGENT,
    lookup: safeLookup,
  });

  const settle = (outcome: HttpOutcome) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    resolve(outcome);
  };
  const headOf = () =>
    response
      ? { status: response.statusCode, contentType: headerValue(response.headers["content-type"]) }
      : {};
  const onDeadline = () => {
    const what = response ? "complete response" : "response";
    settle({
      ...fail(url, "timeout", `no ${what} from ${endpoint} within ${options.timeoutMs} ms`, elapsed()),
      ...headOf(),
    });
    req.destroy();
  };
  const onAbort = () => onDeadline();
  // Measured from the first attempt, so a retry never extends the deadline.
  const timer = setTimeout(onDeadline, Math.max(0, options.timeoutMs - elapsed()));

  req.on("error", (err: NodeJS.ErrnoException) => {
    if (settled) return;
    // A keep-alive socket the server closed while idle: Node's documented remedy is one retry.
    if (mayRetry && !response && req.reusedSocket && (err.code === "ECONNRESET" || err.code === "EPIPE")) {
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      exchange(target, options, elapsed, false, resolve);
      return;
    }
    const { code, message } = describeRequestError(err, endpoint, target.hostname);
    settle({ ...fail(url, code, message, elapsed()), ...headOf() });
  });

  req.on("response", (res) => {
    response = res;
    const chunks: Buffer[] = [];
    let bytes = 0;
    res.on("data", (chunk: Buffer) => {
      if (settled) return;
      if (bytes + chunk.length > maxBody) {
        chunks.push(chunk.subarray(0, Math.max(0, maxBody - bytes)));
        const limit = formatBytes(maxBody);
        settle({
          ...fail(url, "too-large", `body exceeded ${limit} from ${endpoint}${target.pathname}`, elapsed()),
          ...headOf(),
          bodyStart: Buffer.concat(chunks).subarray(0, 2048).toString("utf8"),
        });
        // Never hand a half-read socket back to the keep-alive pool.
        req.destroy();
        return;
      }
      bytes += chunk.length;
      chunks.push(chunk);
    });
    res.on("end", () => {
      settle({
        ok: true,
        url,
        status: res.statusCode ?? 0,
        headers: res.headers,
        contentType: headerValue(res.headers["content-type"]),
        location: headerValue(res.headers.location),
        body: Buffer.concat(chunks).toString("utf8"),
        latencyMs: elapsed(),
      });
    });
    res.on("error", () => undefined);
    res.on("close", () => {
      if (!res.complete) {
        settle({ ...fail(url, "reset", `connection reset by ${endpoint} mid-body`, elapsed()), ...headOf() });
      }
    });
  });

  if (options.signal?.aborted) {
    onDeadline();
    return;
  }
  options.signal?.addEventListener("abort", onAbort, { once: true });
  req.end(options.body);
}

function fail(url: string, code: HttpErrorCode, message: string, latencyMs: number): HttpFailure {
  return { ok: false, url, code, message, latencyMs };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
