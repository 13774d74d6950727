import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { REPORT_STATES } from "@embargo/core/lifecycle/states";
import type { Db } from "../client.ts";
import { auditKeyOf } from "./key.ts";

/**
 * The audit log's chain: every row carries HMAC-SHA256(key, its fields and the
 * previous row's hash). Editing, deleting, inserting or reordering rows, or
 * cutting the tail, shows as the first row whose hash or link does not match,
 * or as a mismatch with a head recorded outside the database (heads.ts).
 */
export const GENESIS = "0".repeat(64);

export interface ChainFields {
  at: Date;
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  programId: number | null;
  /** The data as the JSON text stored. */
  dataJson: string;
  prevHash: string;
}

function canonical(row: ChainFields): string {
  return JSON.stringify([
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
}

export const keyedHashOf = (key: Buffer, row: ChainFields) =>
  createHmac("sha256", key).update(canonical(row)).digest("hex");

/** The chain before it was keyed (migration 0013 re-chains it with the key once). */
export const legacyHashOf = (row: ChainFields) => createHash("sha256").update(canonical(row)).digest("hex");

/** The last entry: what is written outside the database so a cut tail shows. */
export interface AuditHead {
  id: number;
  hash: string;
  /** Entries up to and including `id`. */
  count: number;
  /** When it was recorded (heads file, manifest); absent when read from the database. */
  at?: string;
}

export function auditHead(db: Pick<Db, "$client">): AuditHead | null {
  const row = db.$client
    .prepare("SELECT id, hash, (SELECT count(*) FROM audit_log) AS count FROM audit_log ORDER BY id DESC LIMIT 1")
    .get() as { id: number; hash: string; count: number } | undefined;
  return row ? { id: row.id, hash: row.hash, count: row.count } : null;
}

export const AUDIT_PROBLEMS = [
  "edited",
  "deleted",
  "inserted",
  "reordered",
  "tail_cut",
  "head_mismatch",
  "state_mismatch",
] as const;
export type AuditProblem = (typeof AUDIT_PROBLEMS)[number];

export type AuditVerification =
  | { ok: true; entries: number; head: AuditHead | null; headsChecked: number }
  | { ok: false; entries: number; problem: AuditProblem; atId: number | null; message: string };

/** An audit_log row as SQLite returns it. */
export interface AuditRawRow {
  id: number;
  at: number;
  actor_user_id: number | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  program_id: number | null;
  data_json: string;
  prev_hash: string;
  hash: string;
}

export const fieldsOf = (r: AuditRawRow): ChainFields => ({
  at: new Date(r.at),
  actorUserId: r.actor_user_id,
  actorLabel: r.actor_label,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  programId: r.program_id,
  dataJson: r.data_json,
  prevHash: r.prev_hash,
});

export const CHAIN_COLUMNS =
  "id, at, actor_user_id, actor_label, action, entity_type, entity_id, program_id, data_json, prev_hash, hash";

const sameHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/** Why a row's link does not point at the row before it, told from where it does point. */
function brokenLink(db: Db, row: AuditRawRow, prev: AuditRawRow | null): { problem: AuditProblem; message: string } {
  if (prev && row.id !== prev.id + 1) {
    return {
      problem: "deleted",
      message: `entries #${prev.id + 1}–#${row.id - 1} are missing: entry #${row.id} links to an entry that is gone`,
    };
  }
  const target = db.$client.prepare("SELECT id FROM audit_log WHERE hash = ? LIMIT 1").pluck().get(row.prev_hash) as
    | number
    | undefined;
  if (target !== undefined && target > row.id) {
    return {
      problem: "reordered",
      message: `entry #${row.id} links to the later entry #${target}: entries were reordered`,
    };
  }
  if (target !== undefined && prev && target < prev.id) {
    return {
      problem: "inserted",
      message: `entry #${row.id} links to #${target}, not to #${prev.id}: entries after #${target} were inserted`,
    };
  }
  return {
    problem: "edited",
    message: `entry #${row.id}'s link to the previous entry was changed`,
  };
}

/**
 * Walk the chain with the key, then check the heads recorded outside the
 * database (each must still be in the chain with its hash and count; the
 * last one must not be beyond the end), then compare each report's state with
 * the last state the log recorded for it. Iterates: the log can be large.
 */
export function verifyAudit(db: Db, opts: { heads?: AuditHead[]; checkStates?: boolean } = {}): AuditVerification {
  const key = auditKeyOf(db);
  const heads = [...(opts.heads ?? [])].sort((a, b) => a.id - b.id);
  let h = 0;
  let prev: AuditRawRow | null = null;
  let n = 0;
  const stmt = db.$client.prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_log ORDER BY id`);
  for (const row of stmt.iterate() as IterableIterator<AuditRawRow>) {
    if (!sameHex(keyedHashOf(key, fieldsOf(row)), row.hash)) {
      return {
        ok: false,
        entries: n,
        problem: "edited",
        atId: row.id,
        message: `entry #${row.id} does not match its keyed hash: it was edited, or written without the key`,
      };
    }
    if (row.prev_hash !== (prev?.hash ?? GENESIS)) {
      return { ok: false, entries: n, atId: row.id, ...brokenLink(db, row, prev) };
    }
    n++;
    // Heads recorded at ids this walk has passed: the entry must be there, with the same hash and count.
    while (h < heads.length && (heads[h]?.id ?? 0) <= row.id) {
      const head = heads[h++] as AuditHead;
      if (head.id !== row.id || head.hash !== row.hash || head.count !== n) {
        return {
          ok: false,
          entries: n,
          problem: "head_mismatch",
          atId: head.id,
          message: `the head recorded${head.at ? ` at ${head.at}` : ""} (entry #${head.id}, ${head.count} entries) does not match the log: entries up to it were replaced or removed`,
        };
      }
    }
    prev = row;
  }
  const last = heads[heads.length - 1];
  if (h < heads.length && last) {
    return {
      ok: false,
      entries: n,
      problem: "tail_cut",
      atId: prev ? prev.id + 1 : null,
      message: `the log ends at ${prev ? `entry #${prev.id}` : "no entry at all"}, but the head recorded${last.at ? ` at ${last.at}` : ""} was entry #${last.id} (${last.count} entries): the tail was cut`,
    };
  }
  if (opts.checkStates !== false) {
    const mismatch = stateMismatch(db);
    if (mismatch)
      return { ok: false, entries: n, problem: "state_mismatch", atId: mismatch.auditId, message: mismatch.message };
  }
  return {
    ok: true,
    entries: n,
    head: prev ? { id: prev.id, hash: prev.hash, count: n } : null,
    headsChecked: heads.length,
  };
}

/**
 * A report whose state differs from the last transition the log recorded for
 * it was changed behind the application's back (every transition writes its
 * audit entry in the same transaction).
 */
const STATE_LIST = REPORT_STATES.map((st) => `'${st}'`).join(", ");

function stateMismatch(db: Db): { auditId: number; message: string } | null {
  const row = db.$client
    .prepare(
      `SELECT r.key AS key, r.state AS state, a.id AS auditId, json_extract(a.data_json, '$.to') AS recorded
         FROM reports r
         JOIN audit_log a ON a.id = (
           SELECT max(x.id) FROM audit_log x
            WHERE x.entity_type = 'report' AND x.entity_id = r.key AND json_extract(x.data_json, '$.to') IN (${STATE_LIST}))
        WHERE json_extract(a.data_json, '$.to') <> r.state
        LIMIT 1`,
    )
    .get() as { key: string; state: string; auditId: number; recorded: string } | undefined;
  if (!row) return null;
  return {
    auditId: row.auditId,
    message: `report ${row.key} is "${row.state}" but the last state the audit log recorded for it (entry #${row.auditId}) is "${row.recorded}": it was changed outside the application`,
  };
}
