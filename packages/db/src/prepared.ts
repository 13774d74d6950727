import type { Db } from "./client.ts";
import { Lru } from "./lru.ts";

const caches = new WeakMap<Db, Lru<unknown>>();

/**
 * A query built once per database and shape, then executed with placeholders
 * filled: drizzle's SQL building cost more than a small query's execution on
 * every request (decision 0006). `key` must name everything that changes the
 * SQL text; the values that vary go in as `sql.placeholder(...)`. Shapes are
 * finite but many, so the 200 most recently used are kept.
 */
export function prepared<T>(db: Db, key: string, build: () => T): T {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Lru(200);
    caches.set(db, cache);
  }
  let hit = cache.get(key) as T | undefined;
  if (hit === undefined) {
    hit = build();
    cache.set(key, hit);
  }
  return hit;
}
