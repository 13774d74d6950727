import { createRequire } from "node:module";
import { type Db, schema, setAuditKey } from "@embargo/db";

const fromDb = () => createRequire(createRequire(import.meta.url).resolve("@embargo/db"));

/** better-sqlite3 as @embargo/db resolves it: the same native build, loadable in a worker too. */
export const betterSqlitePath = () => fromDb().resolve("better-sqlite3");

/**
 * A read-only handle on a snapshot file, with the drizzle schema so the functions of
 * @embargo/db can read it. Not openDatabase: that switches the file to WAL and applies
 * migrations, and a backup is never written to, neither while taken nor while checked.
 * `auditKey`: the key its audit chain is verified with (the restore target's).
 */
export function openSnapshot(file: string, auditKey?: Buffer): Db {
  const req = fromDb();
  // Typed by hand: the server package has neither module among its own dependencies.
  const Database = req("better-sqlite3") as new (
    file: string,
    opts: { readonly: boolean; fileMustExist: boolean },
  ) => Db["$client"];
  const { drizzle } = req("drizzle-orm/better-sqlite3") as {
    drizzle: (client: Db["$client"], cfg: { schema: typeof schema }) => unknown;
  };
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  // verifyAudit finds the key on the handle (packages/db/src/audit/key.ts).
  if (auditKey) setAuditKey(sqlite as Parameters<typeof setAuditKey>[0], auditKey);
  return drizzle(sqlite, { schema }) as unknown as Db;
}

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
