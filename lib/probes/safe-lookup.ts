import "server-only";
import { type LookupAddress, type LookupAllOptions, type LookupOneOptions, lookup } from "node:dns";

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** RFC 6761: names under `.invalid` never resolve, so answer at once and send no query off this machine. */
export function isReservedInvalidName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "invalid" || name.endsWith(".invalid");
}

/** `dns.lookup` for http/https/tls `lookup` options, refusing RFC 6761 `.invalid` names locally. */
export function safeLookup(
  hostname: string,
  options: LookupOneOptions | LookupAllOptions,
  callback: LookupCallback,
): void {
  if (isReservedInvalidName(hostname)) {
    const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    err.code = "ENOTFOUND";
    err.syscall = "getaddrinfo";
    process.nextTick(() => callback(err, options.all ? [] : ""));
    return;
  }
  lookup(hostname, options, callback);
}
