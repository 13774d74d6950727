/**
 * A map that keeps its `limit` most recently used entries: Map iteration
 * order is insertion order, so a hit moves to the back and the front is the
 * oldest. Holds the statement and prepared-query caches.
 */
export class Lru<V> {
  readonly #entries = new Map<string, V>();
  constructor(readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: V): void {
    this.#entries.set(key, value);
    if (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}
