import type { Db } from "./client.ts";

const LIMIT = 200;
const caches = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built once per database and shape, then executed with placeholders
 * filled: drizzle's SQL building cost more than a small query's execution on
 * every request (decision 0006). `key` must name everything that changes the
 * SQL text; the values that vary go in as `sql.placeholder(...)`.
 */
export function prepared<T>(db: Db, key: string, build: () => T): T {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let hit = cache.get(key) as T | undefined;
  if (hit !== undefined) {
    // Map order is the LRU order: move the hit to the back.
    cache.delete(key);
    cache.set(key, hit);
  } else {
    hit = build();
    cache.set(key, hit);
    // Shapes are finite but many; forget the oldest rather than grow without bound.
    if (cache.size > LIMIT) cache.delete(cache.keys().next().value as string);
  }
  return hit;
}
