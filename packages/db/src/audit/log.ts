import { desc } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog } from "../schema/audit.ts";
import { sha256Hex } from "../sha256.ts";

export interface Actor {
  userId: number | null;
  /** Shown in the timeline and audit log: an email, "reporter", "system". */
  label: string;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number;
  programId?: number | null;
  data?: Record<string, unknown>;
}

const GENESIS = "0".repeat(64);

/** A row as hashed: its data as the JSON text stored (the json column stores JSON.stringify of the value). */
type HashedRow = Omit<typeof auditLog.$inferSelect, "id" | "hash" | "data"> & { dataJson: string };

/** The hash covers every field but itself, in a fixed order. */
function hashOf(row: HashedRow): string {
  const canonical = JSON.stringify([
    row.at.getTime(),
    row.actorUserId,
    row.actorLabel,
    row.action,
    row.entityType,
    row.entityId,
    row.programId,
    row.dataJson,
    row.prevHash,
  ]);
  return sha256Hex(canonical);
}

/**
 * Append one entry, chained to the previous one. Call inside the same
 * transaction as the change it records: the change and its audit entry
 * commit together or not at all.
 */
export function appendAudit(tx: Pick<Db, "select" | "insert">, actor: Actor, entry: AuditEntry, at: Date): void {
  const last = tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
  const data = entry.data ?? {};
  const row = {
    at,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: String(entry.entityId),
    programId: entry.programId ?? null,
    prevHash: last?.hash ?? GENESIS,
  };
  tx.insert(auditLog)
    .values({ ...row, data, hash: hashOf({ ...row, dataJson: JSON.stringify(data) }) })
    .run();
}

export type AuditVerification = { ok: true; entries: number } | { ok: false; entries: number; brokenAtId: number };

/** Walk the chain; the first row whose hash or link does not match is reported. */
export function verifyAudit(db: Db): AuditVerification {
  let prev = GENESIS;
  let n = 0;
  // Iterate the raw statement: the log can be large and must not be loaded whole.
  const stmt = db.$client.prepare(
    "SELECT id, at, actor_user_id, actor_label, action, entity_type, entity_id, program_id, data_json, prev_hash, hash FROM audit_log ORDER BY id",
  );
  for (const r of stmt.iterate() as IterableIterator<Record<string, unknown>>) {
    const id = r.id as number;
    const hash = r.hash as string;
    const rest: HashedRow = {
      at: new Date(r.at as number),
      actorUserId: r.actor_user_id as number | null,
      actorLabel: r.actor_label as string,
      action: r.action as string,
      entityType: r.entity_type as string,
      entityId: r.entity_id as string,
      programId: r.program_id as number | null,
      dataJson: r.data_json as string,
      prevHash: r.prev_hash as string,
    };
    if (rest.prevHash !== prev || hashOf(rest) !== hash) return { ok: false, entries: n, brokenAtId: id };
    prev = hash;
    n++;
  }
  return { ok: true, entries: n };
}
