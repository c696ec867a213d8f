import { SignInLimits } from "@/lib/auth/attempt-limiter";
import { AuditTally } from "@/lib/auth/audit-tally";
import { HashGate } from "@/lib/auth/hash-gate";
import { processState, setProcessState } from "@/lib/runtime/process-state";

/** The defences that must be one per process, whichever bundle loads this module. */
export type ProcessGuards = {
  /** At most two password hashes at once, sixteen waiting (the libuv pool is shared with the probes). */
  hashGate: HashGate;
  signInLimits: SignInLimits;
  /** Repeated refusals (wrong passwords, anonymous calls, 429s) collapse into one row per key and minute. */
  auditTally: AuditTally;
};

function freshGuards(): ProcessGuards {
  return {
    hashGate: new HashGate(2, 16),
    signInLimits: new SignInLimits(),
    auditTally: new AuditTally(60_000),
  };
}

export function processGuards(): ProcessGuards {
  return processState("auth.guards", freshGuards);
}

/** Fresh guards (tests). */
export function resetProcessGuards(guards: Partial<ProcessGuards> = {}): ProcessGuards {
  const fresh = { ...freshGuards(), ...guards };
  setProcessState("auth.guards", fresh);
  return fresh;
}
