import { randomBytes, type ScryptOptions, scrypt, scryptSync, timingSafeEqual } from "node:crypto";
import type { HashGate } from "@/lib/auth/hash-gate";
import { processGuards } from "@/lib/auth/process-guards";

const N = 16_384;
const R = 8;
const P = 1;
const KEY_LEN = 32;
const MAX_MEM = 64 * 1024 * 1024;

/**
 * The demo's passwords are published (`<id>-demo-pass`): a work factor on them protects nothing and would
 * cost start-up a second or more on a loaded 2-core host. The cost travels in the hash, so verifying adapts.
 */
export const DEMO_COST = 1024;

/** `scrypt$N$r$p$salt$hash` (base64url), the only form a password is kept in. Synchronous: start-up only. */
export function hashPassword(password: string, salt: Buffer = randomBytes(16), cost: number = N): string {
  const key = scryptSync(password, salt, KEY_LEN, { N: cost, r: R, p: P });
  return ["scrypt", cost, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export function isPasswordHash(value: string): boolean {
  return /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/.test(value);
}

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * Constant-time comparison, hashed off the event loop through `gate` (the libuv pool is shared with the
 * probes' DNS lookups and statfs, so a flood must never take all of it); a malformed stored hash never
 * matches. Rejects with GateFullError when the gate's queue is full.
 */
export async function verifyPassword(
  password: string,
  stored: string,
  gate: HashGate = processGuards().hashGate,
): Promise<boolean> {
  if (!isPasswordHash(stored)) return false;
  const [, n, r, p, salt, hash] = stored.split("$");
  const expected = Buffer.from(hash ?? "", "base64url");
  if (expected.length === 0) return false;
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: MAX_MEM };
  const key = await gate.run(() =>
    scryptAsync(password, Buffer.from(salt ?? "", "base64url"), expected.length, options),
  );
  return timingSafeEqual(key, expected);
}
