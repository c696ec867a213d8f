import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

const N = 16_384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

/**
 * The demo's passwords are published (`<id>-demo-pass`): a work factor on them protects nothing and would
 * cost start-up a second or more on a loaded 2-core host. The cost travels in the hash, so verifying adapts.
 */
export const DEMO_COST = 1024;

/** `scrypt$N$r$p$salt$hash` (base64url), the only form a password is kept in. */
export function hashPassword(password: string, salt: Buffer = randomBytes(16), cost: number = N): string {
  const key = scryptSync(password, salt, KEY_LEN, { N: cost, r: R, p: P });
  return ["scrypt", cost, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export function isPasswordHash(value: string): boolean {
  return /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/.test(value);
}

/** Constant-time comparison; a malformed stored hash never matches. */
export function verifyPassword(password: string, stored: string): boolean {
  if (!isPasswordHash(stored)) return false;
  const [, n, r, p, salt, hash] = stored.split("$");
  const expected = Buffer.from(hash ?? "", "base64url");
  if (expected.length === 0) return false;
  const key = scryptSync(password, Buffer.from(salt ?? "", "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}
