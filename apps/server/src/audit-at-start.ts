import { type Db, recordAuditHead, recordAuditVerification, verifyAuditAgainstHeads } from "@embargo/db";
import type { FastifyBaseLogger } from "fastify";
import { describeVerification } from "./cli/audit-commands.ts";

/**
 * `serve` verifies the audit trail before it answers anyone: a failure is
 * logged as loudly as the log allows, kept for the Audit page, and sent to the
 * administrators (email, `audit.verify_failed` webhook). The server still
 * starts: refusing would turn tampering into an outage the attacker chose.
 */
export function checkAuditAtStart(db: Db, dbFile: string, log: FastifyBaseLogger, now = new Date()): boolean {
  const started = performance.now();
  const v = verifyAuditAgainstHeads(db, dbFile);
  const ms = Math.round(performance.now() - started);
  recordAuditVerification(db, v, "start", now);
  if (v.ok) {
    log.info({ entries: v.entries, headsChecked: v.headsChecked, ms }, "audit log verified");
    recordAuditHead(db, dbFile, now);
    return true;
  }
  log.error({ problem: v.problem, atId: v.atId, ms }, describeVerification(v));
  console.error(
    `\n!!! ${describeVerification(v)}\n!!! The administrators were told by email. Run \`embargo audit verify\` for details.\n`,
  );
  return false;
}
