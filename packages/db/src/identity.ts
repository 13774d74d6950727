import { readFileSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";

/**
 * SQLite's `application_id` header field for an Embargo database: "EMBG".
 * `file embargo.db` shows it, and a file carrying another number belongs to
 * another program: Embargo never adds its tables to it nor switches it to WAL.
 */
export const EMBARGO_APPLICATION_ID = 0x454d4247;

/** The table drizzle's migrator keeps (same definition, so both read it). */
export const MIGRATIONS_TABLE = "__drizzle_migrations";

/** Refused to open, or could not open: the message names the file and the cause. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly file: string,
    readonly reason: "not_embargo" | "newer_schema" | "cannot_open",
    message: string,
  ) {
    super(message);
    this.name = "DatabaseOpenError";
  }
}

export type Identity =
  /** No tables yet: a new database, marked as Embargo's before anything is created. */
  | { kind: "new" }
  /** Ours, marked. */
  | { kind: "embargo" }
  /** Ours (our migrations table), from before the mark existed: mark it. */
  | { kind: "embargo_unmarked" }
  | { kind: "foreign"; why: string };

/** What a file is, from its header's application_id and the names of its tables. Pure. */
export function judgeIdentity(applicationId: number, tables: readonly string[]): Identity {
  if (applicationId === EMBARGO_APPLICATION_ID) return { kind: "embargo" };
  if (applicationId !== 0) {
    return { kind: "foreign", why: `it belongs to another application (application_id 0x${hex(applicationId)})` };
  }
  const own = tables.filter((t) => !t.startsWith("sqlite_"));
  if (own.length === 0) return { kind: "new" };
  if (own.includes(MIGRATIONS_TABLE)) return { kind: "embargo_unmarked" };
  const shown = own.slice(0, 3).join(", ") + (own.length > 3 ? `, … (${own.length} tables)` : "");
  return { kind: "foreign", why: `it has tables (${shown}) but no Embargo migrations` };
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");

export interface KnownMigration {
  tag: string;
  when: number;
}

/**
 * Is the database's schema newer than this code? drizzle records each applied
 * migration by its journal time (`created_at`); one later than the newest this
 * version ships was applied by a newer Embargo. Pure.
 */
export function judgeMigrations(
  appliedAt: readonly number[],
  known: readonly KnownMigration[],
): { ok: true; pending: number } | { ok: false; latestAppliedAt: number; newestKnown: string } {
  const latestKnown = known.reduce((a, m) => Math.max(a, m.when), 0);
  const latestApplied = appliedAt.reduce((a, t) => Math.max(a, t), 0);
  if (latestApplied > latestKnown) {
    const newest = known.find((m) => m.when === latestKnown)?.tag ?? "none";
    return { ok: false, latestAppliedAt: latestApplied, newestKnown: newest };
  }
  return { ok: true, pending: known.filter((m) => m.when > latestApplied).length };
}

/** The cause of a failed open in words, from the error's code. Pure. */
export function openFailureCause(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  switch (typeof code === "string" ? code.replace(/^(SQLITE_[A-Z]+)_.*$/, "$1") : "") {
    case "ENOENT":
      return "the file or its folder does not exist";
    case "EACCES":
    case "EPERM":
      return "permission denied (check the owner and mode of the file and its folder)";
    case "EROFS":
    case "SQLITE_READONLY":
      return "the file or its file system is read-only";
    case "ENOTDIR":
    case "EEXIST": // mkdir of a folder whose name is taken by a file
      return "a part of its path is a file, not a folder";
    case "EISDIR":
      return "it is a folder, not a file";
    case "ENOSPC":
    case "SQLITE_FULL":
      return "the disk is full";
    case "SQLITE_NOTADB":
      return "it is not a SQLite database (or it is encrypted)";
    case "SQLITE_CORRUPT":
      return "the database file is corrupt (restore a backup)";
    case "SQLITE_CANTOPEN":
      return "SQLite cannot open it (a missing folder, or permission denied)";
    case "SQLITE_BUSY":
    case "SQLITE_LOCKED":
      return "another process holds a lock on it";
    case "SQLITE_IOERR":
      return "an input/output error (check the disk)";
    default:
      // better-sqlite3's own check, thrown without a code.
      if (e instanceof Error && /directory does not exist/.test(e.message)) return "its folder does not exist";
      return e instanceof Error ? e.message : String(e);
  }
}

export const cannotOpen = (file: string, e: unknown) =>
  e instanceof DatabaseOpenError
    ? e
    : new DatabaseOpenError(file, "cannot_open", `cannot open the database ${file}: ${openFailureCause(e)}`);

/**
 * Check that `file` is an Embargo database (or a new, empty one) before
 * anything writes to it; mark a new or unmarked one unless read-only.
 * Called before WAL is switched on and before any migration.
 */
export function checkIdentity(sqlite: Database.Database, file: string, opts: { readonly: boolean }): Identity {
  const applicationId = sqlite.pragma("application_id", { simple: true }) as number;
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  const identity = judgeIdentity(applicationId, tables);
  if (identity.kind === "foreign") {
    throw new DatabaseOpenError(
      file,
      "not_embargo",
      `not an Embargo database: ${file} (${identity.why}); refusing to add tables to it`,
    );
  }
  if (!opts.readonly && identity.kind !== "embargo") {
    // Immediate: two processes opening one new file do not both decide and write.
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      sqlite.pragma(`application_id = ${EMBARGO_APPLICATION_ID}`);
      sqlite.exec("COMMIT");
    } catch (e) {
      sqlite.exec("ROLLBACK");
      throw e;
    }
  }
  return identity;
}

function knownMigrations(folder: string): KnownMigration[] {
  const journal = JSON.parse(readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string; when: number }[];
  };
  return journal.entries.map((e) => ({ tag: e.tag, when: e.when }));
}

const hasMigrationsTable = (sqlite: Database.Database) =>
  sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE) !== undefined;

const appliedTimes = (sqlite: Database.Database) =>
  hasMigrationsTable(sqlite)
    ? (sqlite.prepare(`SELECT created_at FROM "${MIGRATIONS_TABLE}"`).pluck().all() as unknown[]).map(Number)
    : [];

/** Refuse a database upgraded by a newer Embargo (read-only check, no lock). */
export function checkNotNewer(sqlite: Database.Database, file: string, folder: string): void {
  const verdict = judgeMigrations(appliedTimes(sqlite), knownMigrations(folder));
  if (!verdict.ok) throw newerSchema(file, verdict);
}

const newerSchema = (file: string, v: { latestAppliedAt: number; newestKnown: string }) =>
  new DatabaseOpenError(
    file,
    "newer_schema",
    `this database (${file}) was upgraded by a newer Embargo (a migration from ${new Date(v.latestAppliedAt).toISOString()}; ` +
      `this version knows up to ${v.newestKnown}); install that version or restore a backup`,
  );

/** How long a migration waits for another process's migration before giving up. */
const MIGRATION_WAIT_MS = 10 * 60_000;

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Run a step that needs the database's write lock, retrying while another
 * process holds it. SQLite's busy_timeout does not cover every such step:
 * BEGIN IMMEDIATE and the switch to WAL fail at once when another process
 * is converting or migrating the same new file.
 */
export function whileBusy<T>(step: () => T, waitMs = MIGRATION_WAIT_MS): T {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return step();
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw e;
      sleep(50);
    }
  }
}

/**
 * Apply pending migrations, serialised across processes: the whole check
 * and apply runs in one BEGIN IMMEDIATE transaction (the database's write
 * lock), so a second `embargo migrate` or `serve` on the same new file waits
 * for the first and then finds nothing left to do. drizzle's own migrator
 * reads what was applied before taking any lock, so two processes both
 * applied 0000 and one failed with "table already exists".
 * Same table and rows as drizzle's migrator, which remains compatible.
 */
export function applyMigrations(sqlite: Database.Database, file: string, folder: string): number {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const known = knownMigrations(folder);
  whileBusy(() => sqlite.exec("BEGIN IMMEDIATE"));
  try {
    sqlite.exec(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
    );
    const applied = appliedTimes(sqlite);
    const verdict = judgeMigrations(applied, known);
    if (!verdict.ok) throw newerSchema(file, verdict);
    const last = applied.reduce((a, t) => Math.max(a, t), 0);
    let count = 0;
    const record = sqlite.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("hash", "created_at") VALUES (?, ?)`);
    for (const m of migrations) {
      if (m.folderMillis <= last) continue;
      for (const stmt of m.sql) if (stmt.trim()) sqlite.exec(stmt);
      record.run(m.hash, m.folderMillis);
      count++;
    }
    sqlite.exec("COMMIT");
    return count;
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
    throw e;
  }
}
