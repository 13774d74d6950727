import type { Role } from "@embargo/core";
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { prepared } from "./prepared.ts";
import type { Tx } from "./reports.ts";
import { programs } from "./schema/programs.ts";
import { memberships, sessions, users } from "./schema/users.ts";

export type UserRow = typeof users.$inferSelect;

export const userByEmail = (db: Db, email: string) =>
  db.select().from(users).where(eq(users.email, email.toLowerCase())).get();

export interface Membership {
  programId: number;
  slug: string;
  name: string;
  role: Role;
}

export function membershipsOf(db: Db, userId: number): Membership[] {
  // Runs on every request (the session's rights), so it is prepared once.
  return prepared(db, "membershipsOf", () =>
    db
      .select({ programId: programs.id, slug: programs.slug, name: programs.name, role: memberships.role })
      .from(memberships)
      .innerJoin(programs, eq(programs.id, memberships.programId))
      .where(eq(memberships.userId, sql.placeholder("userId")))
      .orderBy(asc(programs.name))
      .prepare(),
  ).all({ userId });
}

/** Staff of a program (for assignment): admins and triagers only. */
export function programStaff(db: Db, programId: number) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.programId, programId),
        inArray(memberships.role, ["admin", "triager"]),
        isNull(users.disabledAt),
      ),
    )
    .orderBy(asc(users.name))
    .all();
}

export function insertSession(db: Db | Tx, userId: number, tokenHash: string, now: Date, ttlMs: number) {
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

export const deleteSession = (db: Db | Tx, tokenHash: string) =>
  db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
