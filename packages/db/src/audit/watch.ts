import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../client.ts";
import { enqueueEmail, enqueueWebhooks } from "../outbox/queue.ts";
import { users } from "../schema/users.ts";
import { putSetting, readSetting } from "../trust/settings.ts";
import { type AuditVerification, auditHead } from "./chain.ts";
import { recordAuditHead } from "./heads.ts";

/**
 * Watching the audit chain from the running server: its head written beside
 * the database every minute it moved, a daily `audit.checkpoint` webhook with
 * the head (a copy the installation's own disk cannot rewrite), and the last
 * verification kept for the Audit page. A failed verification tells every
 * administrator of all programs by email and fires `audit.verify_failed`.
 */
const CHECKPOINT_KEY = "audit_checkpoint_at";
const LAST_VERIFICATION_KEY = "audit_last_verification";
const DAY_MS = 24 * 3_600_000;

/** Once a minute from the jobs: record the head if it moved; once a day, send it out. */
export function watchAuditHead(db: Db, dbFile: string, now: Date): { recorded: boolean; checkpointed: boolean } {
  const recorded = recordAuditHead(db, dbFile, now) !== null;
  const last = readSetting<string>(db, CHECKPOINT_KEY);
  if (last && now.getTime() - Date.parse(last) < DAY_MS) return { recorded, checkpointed: false };
  const head = auditHead(db);
  if (!head) return { recorded, checkpointed: false };
  db.transaction((tx) => {
    enqueueWebhooks(tx, { event: "audit.checkpoint", programId: null, reportId: null, data: { head } }, now);
    putSetting(tx, CHECKPOINT_KEY, now.toISOString(), now);
  });
  return { recorded, checkpointed: true };
}

export interface RecordedVerification {
  at: string;
  ok: boolean;
  entries: number;
  problem: string | null;
  atId: number | null;
  message: string | null;
  /** "start" (serve), "admin" (the Audit page's Verify), "cli". */
  by: string;
}

export function lastAuditVerification(db: Db): RecordedVerification | null {
  return readSetting<RecordedVerification>(db, LAST_VERIFICATION_KEY);
}

/**
 * Keep a verification's outcome; on failure tell the administrators (once per
 * distinct problem: a server restarted ten times does not send ten alarms).
 */
export function recordAuditVerification(
  db: Db,
  v: AuditVerification,
  by: string,
  now: Date,
  userId: number | null = null,
): RecordedVerification {
  const previous = lastAuditVerification(db);
  const rec: RecordedVerification = {
    at: now.toISOString(),
    ok: v.ok,
    entries: v.entries,
    problem: v.ok ? null : v.problem,
    atId: v.ok ? null : v.atId,
    message: v.ok ? null : v.message,
    by,
  };
  db.transaction((tx) => {
    putSetting(tx, LAST_VERIFICATION_KEY, rec, now, userId);
    if (v.ok || (previous && !previous.ok && previous.problem === rec.problem && previous.atId === rec.atId)) return;
    const admins = tx
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.adminOfAll, true), isNull(users.disabledAt)))
      .all();
    for (const a of admins) {
      enqueueEmail(
        tx,
        {
          event: "audit.verify_failed",
          reportId: null,
          programId: null,
          to: a.email,
          subject: "[Embargo] The audit log failed verification",
          text: [
            "Embargo checked its audit log and found it does not match its keyed chain:",
            "",
            `  ${v.message}`,
            "",
            "Someone with access to the database file may have changed it. Keep the server's files as they are,",
            "compare with your last backup (`embargo restore` checks a backup's chain before writing), and run",
            "`embargo audit verify` on the server for the details.",
          ].join("\n"),
        },
        now,
      );
    }
    enqueueWebhooks(
      tx,
      {
        event: "audit.verify_failed",
        programId: null,
        reportId: null,
        data: { problem: v.problem, atId: v.atId, message: v.message },
      },
      now,
    );
  });
  return rec;
}
