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
  how: { enrolmentOnly?: boolean; method?: "password" | "totp" | "passkey" | "recovery" } = {},
): void {
  db.transaction((tx) => {
    insertSession(tx, user.id, tokenHash, now, ttlMs, origin, how.enrolmentOnly ?? false);
    appendAudit(
      tx,
      { userId: user.id, label: user.email },
      {
        action: "auth.sign_in",
        entityType: "user",
        entityId: user.id,
        ...(how.method || how.enrolmentOnly
          ? { data: { method: how.method ?? "password", enrolmentOnly: how.enrolmentOnly ?? false } }
          : {}),
      },
      now,
    );
  });
}

/** The live session's user, or undefined when the token is unknown, expired or the user disabled. */
export function sessionUser(db: Db, tokenHash: string, now: Date) {
  // Runs on every request, so it is prepared once.
  const row = prepared(db, "sessionUser", () =>
    db
      .select({
        user: users,
        sessionId: sessions.id,
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        authenticatedAt: sessions.authenticatedAt,
        enrolmentOnly: sessions.enrolmentOnly,
      })
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
  enrolmentOnly = false,
): void {
  tx.insert(sessions)
    .values({
      userId,
      tokenHash,
      createdAt: now,
      lastSeenAt: now,
      authenticatedAt: now,
      enrolmentOnly,
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

/** A session that ended by timeout: its row goes (no audit entry: nobody acted). */
export function deleteSessionById(db: Conn, sessionId: number): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** A password or passkey was proven again in this session: sensitive actions are allowed for a while. */
export function markAuthenticated(db: Conn, sessionId: number, now: Date): void {
  db.update(sessions).set({ authenticatedAt: now }).where(eq(sessions.id, sessionId)).run();
}

/** End one session of a user (from their profile, or an admin); false when it is not theirs. Audited. */
export function endSessionOf(
  db: Db,
  userId: number,
  sessionId: number,
  actor: { userId: number | null; label: string },
  now: Date,
): boolean {
  return db.transaction((tx) => {
    const gone = tx
      .delete(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
      .run().changes;
    if (gone === 0) return false;
    appendAudit(
      tx,
      actor,
      { action: "user.session_end", entityType: "user", entityId: userId, data: { sessionId } },
      now,
    );
    return true;
  });
}

/** End every session of a user, with why (admin, role change). Returns how many ended. */
export function endAllSessions(
  db: Db,
  userId: number,
  reason: string,
  actor: { userId: number | null; label: string },
  now: Date,
): number {
  return db.transaction((tx) => {
    const ended = tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
    appendAudit(
      tx,
      actor,
      { action: "user.sessions_end", entityType: "user", entityId: userId, data: { ended, reason } },
      now,
    );
    return ended;
  });
}

/**
 * A privilege change in this session (enrolment done, own role changed): a
 * new token replaces it. The old row goes; the new one keeps where it came
 * from, and starts its own absolute timeout.
 */
export function rotateSession(
  db: Db,
  oldSessionId: number,
  newTokenHash: string,
  now: Date,
  ttlMs: number,
  reason: string,
  actor: { userId: number | null; label: string },
): boolean {
  return db.transaction((tx) => {
    const old = tx.select().from(sessions).where(eq(sessions.id, oldSessionId)).get();
    if (!old) return false;
    tx.delete(sessions).where(eq(sessions.id, oldSessionId)).run();
    tx.insert(sessions)
      .values({
        userId: old.userId,
        tokenHash: newTokenHash,
        createdAt: now,
        lastSeenAt: now,
        authenticatedAt: old.authenticatedAt,
        enrolmentOnly: false,
        expiresAt: new Date(now.getTime() + ttlMs),
        userAgent: old.userAgent,
        address: old.address,
      })
      .run();
    appendAudit(
      tx,
      actor,
      { action: "auth.session_rotate", entityType: "user", entityId: old.userId, data: { reason } },
      now,
    );
    return true;
  });
}

/** A session just made (an accepted invitation) that may only enrol a second factor: the settings require one. */
export function restrictToEnrolment(db: Conn, tokenHash: string): void {
  db.update(sessions).set({ enrolmentOnly: true }).where(eq(sessions.tokenHash, tokenHash)).run();
}
