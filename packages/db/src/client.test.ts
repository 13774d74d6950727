import type Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { closeDatabase, openDatabase } from "./client.ts";

/** A fresh in-memory database's better-sqlite3 handle (with the statement cache), closed afterwards. */
function withSqlite(run: (sqlite: Database.Database) => void) {
  const db = openDatabase(":memory:", { migrate: false });
  try {
    run(db.$client);
  } finally {
    closeDatabase(db);
  }
}

describe("statement cache (openDatabase)", () => {
  it("reuses a statement by its SQL text and hands it back in a fresh statement's mode", () =>
    withSqlite((sqlite) => {
      sqlite.exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y')");
      const first = sqlite.prepare("SELECT a, b FROM t ORDER BY a");
      expect(first.raw().all()).toEqual([
        [1, "x"],
        [2, "y"],
      ]);
      const again = sqlite.prepare("SELECT a, b FROM t ORDER BY a");
      expect(again).toBe(first);
      // raw mode left on by the last user must not leak into the next one.
      expect(again.all()).toEqual([
        { a: 1, b: "x" },
        { a: 2, b: "y" },
      ]);
      expect(sqlite.prepare("SELECT a FROM t ORDER BY a").pluck().all()).toEqual([1, 2]);
      expect(sqlite.prepare("SELECT a FROM t ORDER BY a").all()).toEqual([{ a: 1 }, { a: 2 }]);
    }));

  it("never hands out a statement that is still being iterated", () =>
    withSqlite((sqlite) => {
      sqlite.exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3)");
      const outer = sqlite.prepare("SELECT a FROM t ORDER BY a");
      const pairs: [number, number][] = [];
      for (const row of outer.iterate() as Iterable<{ a: number }>) {
        const inner = sqlite.prepare("SELECT a FROM t ORDER BY a");
        expect(inner).not.toBe(outer);
        for (const other of inner.all() as { a: number }[]) pairs.push([row.a, other.a]);
      }
      expect(pairs).toHaveLength(9);
    }));

  it("does not keep statements for ever: old ones make room", () =>
    withSqlite((sqlite) => {
      const first = sqlite.prepare("SELECT 0");
      for (let i = 1; i <= 600; i++) sqlite.prepare(`SELECT ${i}`);
      expect(sqlite.prepare("SELECT 0")).not.toBe(first);
      expect(sqlite.prepare("SELECT 0").pluck().get()).toBe(0);
    }));
});
