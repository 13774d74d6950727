import type { Role } from "@embargo/core";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { prepared } from "../prepared.ts";
import { programs } from "../schema/programs.ts";
import { memberships, users } from "../schema/users.ts";

export const userByEmail = (db: Db, email: string) =>
  db.select().from(users).where(eq(users.email, email.toLowerCase())).get();

export interface Membership {
  programId: number;
  slug: string;
  name: string;
  role: Role;
}

/**
 * The user's programs and role in each. An admin of all programs is admin of
 * every program, including ones created after they were made so.
 */
export function membershipsOf(db: Db, userId: number): Membership[] {
  // Runs on every request (the session's rights), so both queries are prepared once.
  const flag = prepared(db, "adminOfAllOf", () =>
    db
      .select({ adminOfAll: users.adminOfAll })
      .from(users)
      .where(eq(users.id, sql.placeholder("userId")))
      .prepare(),
  ).get({ userId });
  if (flag?.adminOfAll) {
    return prepared(db, "allProgramsAsAdmin", () =>
      db
        .select({ programId: programs.id, slug: programs.slug, name: programs.name, role: sql<Role>`'admin'` })
        .from(programs)
        .orderBy(asc(programs.name))
        .prepare(),
    ).all();
  }
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
