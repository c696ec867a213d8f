import "server-only";
import type { DbClient } from "@/lib/db/launch-types";

/** Check id → its 2-byte key, per client: the dictionary only grows, so a key once read stays right. */
const known = new WeakMap<object, Map<string, number>>();

function cacheOf(db: object): Map<string, number> {
  let cache = known.get(db);
  if (!cache) {
    cache = new Map();
    known.set(db, cache);
  }
  return cache;
}

/**
 * The keys of these check ids, adding the ones not yet in the dictionary. `cacheFor` is the root client the
 * cache belongs to when `db` is one of its transactions; a key added in a transaction that then rolls back
 * is only cached once read again after it committed.
 */
export async function checkKeysFor(
  db: DbClient,
  checkIds: Iterable<string>,
  cacheFor: object = db,
): Promise<Map<string, number>> {
  const cache = cacheOf(cacheFor);
  const wanted = [...new Set(checkIds)];
  const missing = wanted.filter((id) => !cache.has(id));
  const found = new Map<string, number>();
  if (missing.length > 0) {
    // Read before inserting: a conflicting insert would still use up a value of the 2-byte sequence.
    const select = async (ids: string[]) => {
      const rows = await db.$queryRaw<{ id: number; key: string }[]>`
        SELECT "id", "key" FROM "CheckKey" WHERE "key" = ANY(${ids}::text[])`;
      for (const r of rows) found.set(r.key, Number(r.id));
    };
    await select(missing);
    const fresh = missing.filter((id) => !found.has(id)).sort();
    if (fresh.length > 0) {
      await db.$executeRaw`
        INSERT INTO "CheckKey" ("key") SELECT unnest(${fresh}::text[]) ON CONFLICT ("key") DO NOTHING`;
      await select(fresh);
    }
  }
  const out = new Map<string, number>();
  for (const id of wanted) {
    const key = cache.get(id) ?? found.get(id);
    if (key === undefined) throw new Error(`no dictionary key for check "${id}"`);
    out.set(id, key);
  }
  return out;
}

/** Remember keys once their transaction committed. */
export function rememberCheckKeys(cacheFor: object, keys: Map<string, number>): void {
  const cache = cacheOf(cacheFor);
  for (const [id, key] of keys) cache.set(id, key);
}

/** The key of one check id if it is in the dictionary, without adding it (readers). */
export async function checkKeyOf(db: DbClient, checkId: string): Promise<number | null> {
  const cached = known.get(db)?.get(checkId);
  if (cached !== undefined) return cached;
  const rows = await db.$queryRaw<{ id: number }[]>`SELECT "id" FROM "CheckKey" WHERE "key" = ${checkId}`;
  const key = rows[0] ? Number(rows[0].id) : null;
  if (key !== null) cacheOf(db).set(checkId, key);
  return key;
}
