/** A connection URL safe to show: the password is replaced, everything else kept. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password !== "") url.password = "***";
    return url.toString();
  } catch {
    return raw.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
  }
}

/** "host:port" of a connection URL, for summaries. */
export function endpointOf(raw: string, defaultPort: number): string {
  try {
    const url = new URL(raw);
    return `${url.hostname || "localhost"}:${url.port || defaultPort}`;
  } catch {
    return redactUrl(raw);
  }
}
