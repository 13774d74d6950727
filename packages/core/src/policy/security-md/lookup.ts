/**
 * A word table with no prototype: looking up a word from the document must
 * never find a built-in property ("constructor", "toString", "__proto__").
 */
export function lookup<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
