import { and, eq, gt, sql } from "drizzle-orm";
import { appendAudit } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { prepared } from "../prepared.ts";
import { sessions, users } from "../schema/users.ts";

type SignedIn = { id: number; email: string };

/** Sign-in: the session and its audit entry commit together. */
export function startSession(db: Db, user: SignedIn, tokenHash: string, now: Date, ttlMs: number): void {
  db.transaction((tx) => {
    tx.insert(sessions)
      .values({
        userId: user.id,
        tokenHash,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + ttlMs),
      })
      .run();
    appendAudit(
      tx,
      { userId: user.id, label: user.email },
      { action: "auth.sign_in", entityType: "user", entityId: user.id },
      now,
    );
  });
}

/** The live session's user, or undefined when the token is unknown, expired or the user disabled. */
export function sessionUser(db: Db, tokenHash: string, now: Date) {
  // Runs on every request, so it is prepared once.
  const row = prepared(db, "sessionUser", () =>
    db
      .select({ user: users, sessionId: sessions.id })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), gt(sessions.expiresAt, sql.placeholder("now"))))
      .prepare(),
  ).get({ tokenHash, now: now.getTime() });
  if (!row || row.user.disabledAt) return undefined;
  return row;
}

/** Sign-out: the session row goes even when it has expired; only a live session's user is audited. */
export function endSession(db: Db, tokenHash: string, user: SignedIn | null, now: Date): void {
  db.transaction((tx) => {
    tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    if (user) {
      appendAudit(
        tx,
        { userId: user.id, label: user.email },
        { action: "auth.sign_out", entityType: "user", entityId: user.id },
        now,
      );
    }
  });
}
