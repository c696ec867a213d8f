/** A response as data, so routing can be tested without sockets. */
export type ApiResponse = { status: number; headers: Record<string, string>; body: string };

export function json(status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value),
  };
}

export function text(status: number, body: string, contentType: string): ApiResponse {
  return { status, headers: { "content-type": contentType }, body };
}

export function redirect(location: string): ApiResponse {
  return { status: 302, headers: { location }, body: "" };
}
