import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import type { Db } from "../client.ts";
import { type AuditHead, type AuditVerification, auditHead, verifyAudit } from "./chain.ts";

/**
 * Heads of the audit chain written outside the database, one JSON line per
 * change, appended and fsynced: an attacker who cuts the log's tail or
 * rewrites it must also find and rewrite this file (and every backup's
 * manifest, and the daily `audit.checkpoint` webhook). `embargo audit verify`
 * checks each recorded head is still in the chain.
 */
export const auditHeadsFileOf = (dbFile: string) => `${dbFile}.audit-heads`;

export class AuditHeadsError extends Error {}

export function readRecordedHeads(dbFile: string): AuditHead[] {
  const file = auditHeadsFileOf(dbFile);
  if (dbFile === ":memory:" || !existsSync(file)) return [];
  const heads: AuditHead[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      let h: Partial<AuditHead>;
      try {
        h = JSON.parse(line);
      } catch {
        throw new AuditHeadsError(`${file} line ${i + 1} is not a recorded head: the file was damaged or edited`);
      }
      if (typeof h.id !== "number" || typeof h.hash !== "string" || typeof h.count !== "number") {
        throw new AuditHeadsError(`${file} line ${i + 1} lacks id, hash or count: the file was damaged or edited`);
      }
      heads.push({ id: h.id, hash: h.hash, count: h.count, ...(typeof h.at === "string" ? { at: h.at } : {}) });
    });
  return heads;
}

const lastWritten = new Map<string, number>();

/** Append the current head when it moved since the last line; returns it when written. */
export function recordAuditHead(db: Db, dbFile: string, now: Date): AuditHead | null {
  if (dbFile === ":memory:") return null;
  const head = auditHead(db);
  if (!head) return null;
  const file = auditHeadsFileOf(dbFile);
  if (!lastWritten.has(file)) lastWritten.set(file, readRecordedHeads(dbFile).at(-1)?.id ?? 0);
  if (lastWritten.get(file) === head.id) return null;
  const recorded = { ...head, at: now.toISOString() };
  const fd = openSync(file, "a", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(recorded)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  lastWritten.set(file, head.id);
  return recorded;
}

/**
 * Verify the chain against the heads recorded beside the database file: what
 * `embargo audit verify`, `serve` at start and the Audit page run. A heads file
 * that cannot be read is itself a finding, reported like any other.
 */
export function verifyAuditAgainstHeads(db: Db, dbFile: string): AuditVerification {
  let heads: AuditHead[];
  try {
    heads = readRecordedHeads(dbFile);
  } catch (e) {
    if (!(e instanceof AuditHeadsError)) throw e;
    return { ok: false, entries: 0, problem: "head_mismatch", atId: null, message: e.message };
  }
  return verifyAudit(db, { heads });
}
