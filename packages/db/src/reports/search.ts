import { searchText } from "@embargo/core";
/**
 * Turn what a person typed into a safe FTS5 query: every word is quoted (so
 * FTS operators in the input are just text) and prefix-matched.
 */
export function toFtsQuery(q: string): string | null {
  // Control characters (NUL above all) make FTS5 fail: they separate words here too.
  const words = searchText(q)
    .split(/\s+/)
    .map((w) => w.replace(/"/g, ""))
    // A word with no letter or digit tokenises to nothing and would make FTS5 fail.
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(" AND ");
}

const KEY_RE = /^[A-Za-z][A-Za-z0-9]{1,15}-[0-9]{1,9}$/;

/** What the search box asks for: an FTS query, a report key, both, or nothing usable. */
export function textSearchOf(q: string | undefined): { fts: string | null; key: string | null } | null {
  const text = q?.trim();
  if (!text) return null;
  const fts = toFtsQuery(text);
  const key = KEY_RE.test(text) ? text.toUpperCase() : null;
  return fts || key ? { fts, key } : null;
}
