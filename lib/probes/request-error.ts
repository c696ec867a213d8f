import "server-only";

export type RequestErrorCode =
  | "refused"
  | "reset"
  | "timeout"
  | "dns"
  | "tls"
  | "unreachable"
  | "protocol"
  | "other";

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME"]);
const UNREACHABLE_CODES = new Set(["EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN", "EADDRNOTAVAIL"]);

/** Map a socket/TLS/DNS error to a typed code and a one-line message naming the endpoint. */
export function describeRequestError(
  err: NodeJS.ErrnoException,
  endpoint: string,
  hostname: string,
): { code: RequestErrorCode; message: string } {
  const errCode = err.code ?? "";
  const detail = firstLine(err.message);
  if (errCode === "ECONNREFUSED") return { code: "refused", message: `connection refused by ${endpoint}` };
  if (errCode === "ECONNRESET" || errCode === "EPIPE") {
    return { code: "reset", message: `connection reset by ${endpoint}` };
  }
  if (errCode === "ETIMEDOUT") return { code: "timeout", message: `connection to ${endpoint} timed out` };
  if (DNS_CODES.has(errCode)) return { code: "dns", message: `cannot resolve ${hostname} (${errCode})` };
  if (UNREACHABLE_CODES.has(errCode))
    return { code: "unreachable", message: `${endpoint} unreachable (${errCode})` };
  if (isTlsError(err)) return { code: "tls", message: `TLS handshake with ${endpoint} failed: ${detail}` };
  if (errCode.startsWith("HPE_"))
    return { code: "protocol", message: `invalid HTTP from ${endpoint}: ${detail}` };
  return {
    code: "other",
    message: `request to ${endpoint} failed: ${errCode ? `${errCode} ` : ""}${detail}`,
  };
}

function isTlsError(err: NodeJS.ErrnoException): boolean {
  const code = err.code ?? "";
  if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || code === "EPROTO") return true;
  return "library" in err && err.library === "SSL routines";
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").trim().slice(0, 200);
}
