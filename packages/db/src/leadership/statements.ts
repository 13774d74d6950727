import type Database from "better-sqlite3";
import type { Db } from "../client.ts";
import { prepared } from "../prepared.ts";

/**
 * A raw SQLite statement, compiled once per database and text. The leadership
 * figures are aggregates over covering indexes; plain SQL states them more
 * plainly than the query builder and keeps the per-request cost at the
 * execution itself (decision 0006). `?` lists for program ids are expanded by
 * `inList`, so the cache key is the text.
 */
export function stmt(db: Db, text: string): Database.Statement {
  return prepared(db, `leadership:${text}`, () => db.$client.prepare(text));
}

/** "(?, ?, ?)" for n values. */
export const inList = (n: number) => `(${Array.from({ length: n }, () => "?").join(", ")})`;
