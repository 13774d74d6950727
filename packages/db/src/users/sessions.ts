import { and, eq, gt, sql } from "drizzle-orm";
import { appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { prepared } from "../prepared.ts";
import { sessions, users } from "../schema/users.ts";

type SignedIn = { id: number; email: string };

/** Where a sign-in came from, for the profile's list of sessions. */
export interface SessionOrigin {
  userAgent?: string | null;
  address?: string | null;
}

/** Sign-in: the session, the user's last sign-in time and the audit entry commit together. */
export function startSession(
  db: Db,
  user: SignedIn,
  tokenHash: string,
  now: Date,
  ttlMs: number,
  origin: SessionOrigin = {},
): void {
  db.transaction((tx) => {
    insertSession(tx, user.id, tokenHash, now, ttlMs, origin);
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
      .select({ user: users, sessionId: sessions.id, lastSeenAt: sessions.lastSeenAt })
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

/** A session row and the user's last sign-in time; for startSession and for accepting an invitation. */
export function insertSession(
  tx: Conn,
  userId: number,
  tokenHash: string,
  now: Date,
  ttlMs: number,
  origin: SessionOrigin,
): void {
  tx.insert(sessions)
    .values({
      userId,
      tokenHash,
      createdAt: now,
      lastSeenAt: now,
      authenticatedAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
      // Capped: both come from the client and are only ever shown back to the same user.
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
      address: origin.address?.slice(0, 64) ?? null,
    })
    .run();
  tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, userId)).run();
}

/** How stale "last seen" may get: it is for people reading their session list, not an audit. */
const LAST_SEEN_GRANULARITY_MS = 5 * 60_000;

/** Record that a session was used, at most once per five minutes, so requests rarely write. */
export function touchSession(db: Db, session: { sessionId: number; lastSeenAt: Date }, now: Date): void {
  if (now.getTime() - session.lastSeenAt.getTime() < LAST_SEEN_GRANULARITY_MS) return;
  db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.sessionId)).run();
}
