import type { StackSettings } from "../container-specs";
import type { StackContext } from "../stack-context";

export type FaultContext = StackContext & { settings: StackSettings };

/** One stack fault: what it does to which real server, and how to tell whether it is in place. */
export type StackFaultImpl = {
  summary: string;
  /** What the optional argument of `fault on|off <name> [arg]` means, if it takes one. */
  arg?: string;
  isOn: (ctx: FaultContext) => Promise<boolean>;
  /** Resolves once the effect is observable on the real server; returns a one-line description. */
  on: (ctx: FaultContext, arg?: string) => Promise<string>;
  off: (ctx: FaultContext, arg?: string) => Promise<string>;
};

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function pollUntil<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
