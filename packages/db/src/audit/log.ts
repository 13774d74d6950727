import { desc } from "drizzle-orm";
import type { Conn, Db } from "../client.ts";
import { auditLog } from "../schema/audit.ts";
import { GENESIS, keyedHashOf } from "./chain.ts";
import { auditKeyOf } from "./key.ts";

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

/**
 * Append one entry, chained to the previous one with the installation's key
 * (chain.ts). Call inside the same transaction as the change it records: the
 * change and its audit entry commit together or not at all.
 */
export function appendAudit(tx: Pick<Db, "select" | "insert"> | Conn, actor: Actor, entry: AuditEntry, at: Date): void {
  const conn = tx as Conn;
  const last = conn.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
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
  conn
    .insert(auditLog)
    .values({ ...row, data, hash: keyedHashOf(auditKeyOf(conn), { ...row, dataJson: JSON.stringify(data) }) })
    .run();
}
