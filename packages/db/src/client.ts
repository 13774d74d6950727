import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { AuditKeyError, loadAuditKey, setAuditKey } from "./audit/key.ts";
import { keyLegacyAuditChain } from "./audit/rekey.ts";
import { applyMigrations, cannotOpen, checkIdentity, checkNotNewer, whileBusy } from "./identity.ts";
import { backfillReportClocks } from "./leadership/backfill.ts";
import { Lru } from "./lru.ts";
import * as schema from "./schema/index.ts";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either: a function taking a Conn runs inside the caller's transaction when given one. */
export type Conn = Db | Tx;

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../migrations");

export interface OpenOptions {
  /** Apply pending migrations (default true). `embargo migrate` passes true explicitly. */
  migrate?: boolean;
  readonly?: boolean;
  /** The audit chain's key; default: EMBARGO_AUDIT_KEY or the `<file>.audit-key` file (audit/key.ts). */
  auditKey?: Buffer;
}

/**
 * Open the one SQLite file with the pragmas the product relies on.
 * synchronous=FULL: the bundled build defaults WAL to NORMAL, which can lose
 * a committed report on power loss, and an accepted report is never lost.
 *
 * Before anything writes to the file (WAL, migrations) it must be an Embargo
 * database or an empty one (decision 0013): another application's file is
 * refused, and so is a database upgraded by a newer Embargo. Every failure
 * is a DatabaseOpenError naming the file and the cause.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  const readonly = opts.readonly ?? false;
  let sqlite: Database.Database;
  try {
    if (file !== ":memory:" && !readonly) createPrivately(file);
    sqlite = new Database(file, { readonly, fileMustExist: readonly });
  } catch (e) {
    throw cannotOpen(file, e);
  }
  try {
    // First: two processes opening one new file wait for each other instead of failing.
    sqlite.pragma("busy_timeout = 5000");
    checkIdentity(sqlite, file, { readonly });
    // A read-only handle cannot switch the journal (a VACUUM INTO snapshot is in rollback mode).
    if (!readonly) whileBusy(() => sqlite.pragma("journal_mode = WAL"));
    sqlite.pragma("synchronous = FULL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("cache_size = -65536");
    sqlite.pragma("temp_store = MEMORY");
    // Deleted or rewritten content (a scrubbed status link, a purged report) is
    // overwritten on disk instead of lingering in free pages.
    sqlite.pragma("secure_delete = ON");
    if (opts.migrate ?? true) applyMigrations(sqlite, file, MIGRATIONS_FOLDER);
    else checkNotNewer(sqlite, file, MIGRATIONS_FOLDER);
  } catch (e) {
    sqlite.close();
    throw cannotOpen(file, e);
  }
  cacheStatements(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  try {
    setAuditKey(sqlite, opts.auditKey ?? loadAuditKey(file, { create: !readonly }));
  } catch (e) {
    // A read-only look (a bench capture, a restore check) may lack the key; writing or verifying then says so.
    if (!(readonly && e instanceof AuditKeyError)) throw e;
  }
  if (opts.migrate ?? true) {
    backfillReportClocks(db, new Date());
    keyLegacyAuditChain(db, file, new Date());
  }
  return db;
}

/**
 * better-sqlite3 keeps no statement cache and drizzle prepares every query it
 * runs, so a small query paid more to compile than to execute (decision
 * 0006). Statements are reused by their SQL text; a hit is returned in the
 * state a fresh statement has (drizzle turns raw mode on itself when it wants
 * it), and a statement still being iterated is never handed out twice.
 * Statements are shared, so never bind() or safeIntegers() one: pass values
 * to run/get/all instead (drizzle and this codebase only do that).
 */
function cacheStatements(sqlite: Database.Database, size = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Lru<Database.Statement>(size);
  sqlite.prepare = ((source: string) => {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      if (hit.reader) hit.pluck(false).expand(false).raw(false);
      return hit;
    }
    const stmt = prepare(source);
    if (!hit) cache.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

/**
 * The database holds unpublished vulnerabilities: its folder is created 0700
 * and the file 0600 before SQLite opens it (SQLite gives the WAL and shared-memory
 * files the database file's permissions).
 */
function createPrivately(file: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, "a", 0o600));
  chmodSync(file, 0o600);
}

export function closeDatabase(db: Db): void {
  db.$client.close();
}
