import { redactUrl } from "@/lib/model/redact";

export { redactUrl };

/** "host:port" of a connection URL, for summaries. */
export function endpointOf(raw: string, defaultPort: number): string {
  try {
    const url = new URL(raw);
    return `${url.hostname || "localhost"}:${url.port || defaultPort}`;
  } catch {
    return redactUrl(raw);
  }
}
