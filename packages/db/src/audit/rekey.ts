import type { Db } from "../client.ts";
import { type AuditRawRow, CHAIN_COLUMNS, fieldsOf, GENESIS, keyedHashOf, legacyHashOf } from "./chain.ts";
import { readRecordedHeads } from "./heads.ts";
import { auditKeyOf } from "./key.ts";
import { appendAudit } from "./log.ts";

/** PRAGMA user_version once the audit chain is keyed (after the leadership backfill's 12). */
export const AUDIT_KEYED_VERSION = 13;

export type RekeyOutcome =
  | { kind: "already" }
  | { kind: "rekeyed"; entries: number }
  | { kind: "legacy_broken"; atId: number };

/**
 * Databases from before migration 0013 carry a plain SHA-256 chain. Once,
 * when no keyed head was ever recorded for this database, the plain chain is
 * checked and, if intact, re-chained with the key (the append-only triggers
 * are lifted for that one transaction). A broken plain chain is left as it is
 * for `audit verify` to report: re-keying it would launder the tampering.
 */
export function keyLegacyAuditChain(db: Db, dbFile: string, now: Date): RekeyOutcome {
  const sqlite = db.$client;
  if ((sqlite.pragma("user_version", { simple: true }) as number) >= AUDIT_KEYED_VERSION) return { kind: "already" };
  const key = auditKeyOf(db);
  const markKeyed = () => sqlite.pragma(`user_version = ${AUDIT_KEYED_VERSION}`);
  // A database with keyed heads on record was keyed already; someone reset the version.
  if (readRecordedHeads(dbFile).length > 0) {
    markKeyed();
    return { kind: "already" };
  }
  const rows = sqlite.prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_log ORDER BY id`).all() as AuditRawRow[];
  let prev = GENESIS;
  for (const r of rows) {
    if (r.prev_hash !== prev || legacyHashOf(fieldsOf(r)) !== r.hash) {
      markKeyed();
      return { kind: "legacy_broken", atId: r.id };
    }
    prev = r.hash;
  }
  if (rows.length === 0) {
    markKeyed();
    return { kind: "already" };
  }
  const triggers = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
    .all() as { name: string; sql: string }[];
  const update = sqlite.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?");
  sqlite.transaction(() => {
    for (const t of triggers) sqlite.exec(`DROP TRIGGER "${t.name.replaceAll('"', '""')}"`);
    let link = GENESIS;
    for (const r of rows) {
      const hash = keyedHashOf(key, { ...fieldsOf(r), prevHash: link });
      update.run(link, hash, r.id);
      link = hash;
    }
    for (const t of triggers) sqlite.exec(t.sql);
    appendAudit(
      db,
      { userId: null, label: "system" },
      { action: "audit.chain_keyed", entityType: "audit", entityId: "chain", data: { entries: rows.length } },
      now,
    );
    markKeyed();
  })();
  return { kind: "rekeyed", entries: rows.length };
}
