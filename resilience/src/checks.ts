/** Checks run on a stopped server's data folder. */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { cli } from "./server.ts";

export const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

export const attachmentFile = (dir: string, sha: string) => path.join(dir, "attachments", sha.slice(0, 2), sha);

export function openReadOnly(dbFile: string) {
  return new Database(dbFile, { readonly: true, fileMustExist: true });
}

export function integrityCheck(dbFile: string): string {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    return (db.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join("\n");
  } finally {
    db.close();
  }
}

export type AuditVerify = { available: false; output: string } | { available: true; ok: boolean; output: string };

/**
 * `embargo audit verify --json` on the database. Reports `available: false`
 * when this build has no such command yet (the lead adds it on main).
 */
export function auditVerify(dir: string): AuditVerify {
  const r = cli({ dir }, ["audit", "verify", "--json"]);
  const output = `${r.stdout}${r.stderr}`;
  if (/unknown command/i.test(output)) return { available: false, output };
  let ok = r.status === 0;
  try {
    ok = ok && (JSON.parse(r.stdout.trim()) as { ok?: boolean }).ok === true;
  } catch {
    ok = false;
  }
  return { available: true, ok, output };
}

export function fileSha(dir: string, sha: string): string | null {
  const f = attachmentFile(dir, sha);
  return existsSync(f) ? sha256(readFileSync(f)) : null;
}
