import { SignInLimits } from "@/lib/auth/attempt-limiter";
import { AuditTally } from "@/lib/auth/audit-tally";
import { HashGate } from "@/lib/auth/hash-gate";

/** The defences that must be one per process, whichever route bundle loads this module. */
export type ProcessGuards = {
  /** At most two password hashes at once, sixteen waiting (the libuv pool is shared with the probes). */
  hashGate: HashGate;
  signInLimits: SignInLimits;
  /** Repeated refusals (wrong passwords, anonymous calls, 429s) collapse into one row per key and minute. */
  auditTally: AuditTally;
};

const KEY = Symbol.for("warroom.auth.guards");
type GlobalWithGuards = typeof globalThis & { [KEY]?: ProcessGuards };

export function processGuards(): ProcessGuards {
  const g = globalThis as GlobalWithGuards;
  g[KEY] ??= {
    hashGate: new HashGate(2, 16),
    signInLimits: new SignInLimits(),
    auditTally: new AuditTally(60_000),
  };
  return g[KEY];
}

/** Fresh guards (tests). */
export function resetProcessGuards(guards: Partial<ProcessGuards> = {}): ProcessGuards {
  const g = globalThis as GlobalWithGuards;
  g[KEY] = {
    hashGate: new HashGate(2, 16),
    signInLimits: new SignInLimits(),
    auditTally: new AuditTally(60_000),
    ...guards,
  };
  return g[KEY];
}
