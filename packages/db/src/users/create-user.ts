import type { Role } from "@embargo/core";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Db } from "../client.ts";
import { memberships, users } from "../schema/users.ts";
import { hashPassword } from "./passwords.ts";

/** Create a user with memberships; the password is hashed here and nowhere else. */
export async function createUser(
  db: Db,
  u: {
    email: string;
    name: string;
    password: string;
    memberships: { programId: number; role: Role }[];
    /** Admin of every program, present and future. */
    adminOfAll?: boolean;
  },
  actor: Actor,
  now: Date,
) {
  const passwordHash = await hashPassword(u.password);
  return db.transaction((tx) => {
    const row = tx
      .insert(users)
      .values({
        email: u.email.toLowerCase(),
        name: u.name,
        passwordHash,
        adminOfAll: u.adminOfAll ?? false,
        createdAt: now,
      })
      .returning({ id: users.id, email: users.email })
      .get();
    for (const m of u.memberships) {
      tx.insert(memberships).values({ userId: row.id, programId: m.programId, role: m.role }).run();
    }
    appendAudit(
      tx,
      actor,
      {
        action: "user.create",
        entityType: "user",
        entityId: row.id,
        data: { email: row.email, memberships: u.memberships, adminOfAll: u.adminOfAll ?? false },
      },
      now,
    );
    return row;
  });
}
