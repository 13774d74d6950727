import { and, eq, gt, sql } from "drizzle-orm";
import type { Conn, Db } from "../client.ts";
import { prepared } from "../prepared.ts";
import { sessions, users } from "../schema/users.ts";

export function insertSession(db: Conn, userId: number, tokenHash: string, now: Date, ttlMs: number) {
  db.insert(sessions)
    .values({ userId, tokenHash, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + ttlMs) })
    .run();
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

export const deleteSession = (db: Conn, tokenHash: string) =>
  db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
