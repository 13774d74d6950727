import { createRequire } from "node:module";
import type { Db } from "@embargo/db";

const fromDb = () => createRequire(createRequire(import.meta.url).resolve("@embargo/db"));

/** better-sqlite3 as @embargo/db resolves it: the same native build, loadable in a worker too. */
export const betterSqlitePath = () => fromDb().resolve("better-sqlite3");

/**
 * Switch a restored file to WAL, as every Embargo database is: VACUUM INTO writes a
 * rollback-journal file, and a read-only open (`embargo audit verify`) cannot switch it.
 * The WAL and shared-memory files go away when this connection closes.
 */
export function switchToWal(file: string): void {
  const Database = fromDb()("better-sqlite3") as new (file: string, opts: { fileMustExist: boolean }) => Db["$client"];
  const sqlite = new Database(file, { fileMustExist: true });
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    sqlite.close();
  }
}
