/**
 * PLACEHOLDER until the lead's audit API (packages/db/src/audit: auditHead,
 * verifyAuditChain with recorded heads) is merged: same signatures, computed with
 * today's unkeyed chain (verifyAudit). Replaced by the @embargo/db imports after merging main.
 */
import { type Db, verifyAudit } from "@embargo/db";

export interface AuditHead {
  id: number;
  hash: string;
  count: number;
}

export type AuditVerification =
  | { ok: true; entries: number; head: AuditHead | null }
  | {
      ok: false;
      entries: number;
      problem: "edited" | "deleted" | "inserted" | "reordered" | "tail_cut" | "head_mismatch" | "state_mismatch";
      atId: number | null;
      message: string;
    };

export function auditHead(db: Db): AuditHead | null {
  const row = db.$client
    .prepare("SELECT id, hash, (SELECT count(*) FROM audit_log) AS count FROM audit_log ORDER BY id DESC LIMIT 1")
    .get() as AuditHead | undefined;
  return row ?? null;
}

export function verifyAuditChain(db: Db, opts: { heads?: AuditHead[] } = {}): AuditVerification {
  const v = verifyAudit(db);
  if (!v.ok) {
    return {
      ok: false,
      entries: v.entries,
      problem: "edited",
      atId: v.brokenAtId ?? null,
      message: `the audit chain breaks at entry ${v.brokenAtId}`,
    };
  }
  const head = auditHead(db);
  for (const h of opts.heads ?? []) {
    if (!head || head.count < h.count) {
      return {
        ok: false,
        entries: v.entries,
        problem: "tail_cut",
        atId: h.id,
        message: `entries after ${head?.id ?? 0} are missing (a recorded head has ${h.count})`,
      };
    }
    const at = db.$client.prepare("SELECT hash FROM audit_log WHERE id = ?").pluck().get(h.id);
    if (at !== h.hash) {
      return {
        ok: false,
        entries: v.entries,
        problem: "head_mismatch",
        atId: h.id,
        message: `entry ${h.id} differs from the recorded head`,
      };
    }
  }
  return { ok: true, entries: v.entries, head };
}
