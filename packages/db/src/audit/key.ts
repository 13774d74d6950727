import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import type Database from "better-sqlite3";
import type { Conn } from "../client.ts";

/**
 * The audit chain is keyed (HMAC-SHA256) with a per-installation secret kept
 * outside the database, so an attacker holding only the database file cannot
 * recompute the chain after editing it. The key comes from EMBARGO_AUDIT_KEY
 * (hex or base64, at least 32 bytes) or from `<db file>.audit-key` beside the
 * database, created 0600 on first open. Losing the key does not lose data,
 * but the log can then no longer be verified: keep a copy apart from backups.
 */
export const AUDIT_KEY_ENV = "EMBARGO_AUDIT_KEY";
const MIN_KEY_BYTES = 32;

export const auditKeyFileOf = (dbFile: string) => `${dbFile}.audit-key`;

export class AuditKeyError extends Error {}

/** Parse a key given as hex or base64; refuses short or malformed keys with the reason. */
export function parseAuditKey(text: string, source: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length < MIN_KEY_BYTES) {
    throw new AuditKeyError(`${source}: the audit key must be at least ${MIN_KEY_BYTES} bytes (hex or base64)`);
  }
  return key;
}

/**
 * The key for a database file: the environment's, else the key file's, else a
 * new key file. `create: false` (read-only tools: verify, restore checks)
 * never writes one and says which file is missing.
 */
export function loadAuditKey(dbFile: string, opts: { create?: boolean; env?: NodeJS.ProcessEnv } = {}): Buffer {
  const env = opts.env ?? process.env;
  const fromEnv = env[AUDIT_KEY_ENV];
  if (fromEnv) return parseAuditKey(fromEnv, AUDIT_KEY_ENV);
  if (dbFile === ":memory:") return randomBytes(MIN_KEY_BYTES);
  const file = auditKeyFileOf(dbFile);
  if (existsSync(file)) return parseAuditKey(readFileSync(file, "utf8"), file);
  if (opts.create === false) {
    throw new AuditKeyError(`no audit key: ${file} does not exist and ${AUDIT_KEY_ENV} is not set`);
  }
  const key = randomBytes(MIN_KEY_BYTES);
  // Written whole to a file of our own, then linked into place: link() refuses
  // an existing name, so two processes opening a new database at once keep one
  // key, and the other never reads a key file that is still being written.
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, `${key.toString("base64")}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return parseAuditKey(readFileSync(file, "utf8"), file);
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

// The key travels with the SQLite handle, so appendAudit finds it from any
// connection or transaction without threading it through every write.
const keys = new WeakMap<Database.Database, Buffer>();

export function setAuditKey(client: Database.Database, key: Buffer): void {
  keys.set(client, key);
}

/** The better-sqlite3 handle behind a drizzle database or transaction. */
function clientOf(conn: Conn | { $client: Database.Database }): Database.Database {
  const c = conn as unknown as { $client?: Database.Database; session?: { client?: Database.Database } };
  const client = c.$client ?? c.session?.client;
  if (!client) throw new Error("no SQLite handle behind this connection");
  return client;
}

export function auditKeyOf(conn: Conn | { $client: Database.Database }): Buffer {
  const key = keys.get(clientOf(conn));
  if (!key) throw new AuditKeyError("this database was opened without an audit key");
  return key;
}
