import { and, count, eq, isNull } from "drizzle-orm";
import { appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { programs } from "../schema/programs.ts";
import { accountLinks, memberships, users } from "../schema/users.ts";
import { hashPassword } from "../users/passwords.ts";

/** A setup code is valid until used (or replaced by the next start); this only bounds the column. */
const SETUP_LINK_LIFETIME_MS = 100 * 365 * 24 * 60 * 60 * 1000;

export const hasUsers = (db: Db) => (db.select({ n: count() }).from(users).get()?.n ?? 0) > 0;

/**
 * Store the SHA-256 of a new first-run setup code, dropping any unused
 * earlier one: only the code printed by the latest start works. Refuses
 * (returns false) once a user exists.
 */
export function replaceSetupLink(db: Db, tokenHash: string, now: Date): boolean {
  return db.transaction((tx) => {
    if ((tx.select({ n: count() }).from(users).get()?.n ?? 0) > 0) return false;
    tx.delete(accountLinks)
      .where(and(eq(accountLinks.kind, "setup"), isNull(accountLinks.usedAt)))
      .run();
    tx.insert(accountLinks)
      .values({
        kind: "setup",
        tokenHash,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SETUP_LINK_LIFETIME_MS),
      })
      .run();
    appendAudit(
      tx,
      { userId: null, label: "system" },
      { action: "setup.link_issued", entityType: "setup", entityId: "setup" },
      now,
    );
    return true;
  });
}

/** An unused, unexpired setup link with this hash. */
function liveSetupLink(db: Conn, tokenHash: string, now: Date) {
  const link = db
    .select({ id: accountLinks.id, expiresAt: accountLinks.expiresAt })
    .from(accountLinks)
    .where(and(eq(accountLinks.kind, "setup"), eq(accountLinks.tokenHash, tokenHash), isNull(accountLinks.usedAt)))
    .get();
  return link && link.expiresAt.getTime() > now.getTime() ? link : undefined;
}

export type FirstAdminResult =
  | { ok: true; user: { id: number; email: string; name: string } }
  | { ok: false; reason: "already_set_up" | "invalid_code" };

/**
 * Create the first administrator: admin of every program, present and
 * future. The user, their memberships, the spent setup link and the audit
 * entry commit together, and only while no user exists. `tokenHash` null is
 * the shell (`embargo setup`), which needs no code: it already runs with the
 * database in hand.
 */
export async function createFirstAdmin(
  db: Db,
  a: { tokenHash: string | null; email: string; name: string; password: string },
  actorLabel: string,
  now: Date,
): Promise<FirstAdminResult> {
  if (hasUsers(db)) return { ok: false, reason: "already_set_up" };
  // A wrong code is refused before the (deliberately costly) password hash, so guesses cost the server little.
  if (a.tokenHash !== null && !liveSetupLink(db, a.tokenHash, now)) return { ok: false, reason: "invalid_code" };
  const passwordHash = await hashPassword(a.password);
  return db.transaction((tx): FirstAdminResult => {
    // Checked again inside the transaction: two setups racing cannot both win.
    if ((tx.select({ n: count() }).from(users).get()?.n ?? 0) > 0) return { ok: false, reason: "already_set_up" };
    let linkId: number | null = null;
    if (a.tokenHash !== null) {
      const link = liveSetupLink(tx, a.tokenHash, now);
      if (!link) return { ok: false, reason: "invalid_code" };
      linkId = link.id;
    }
    const email = a.email.toLowerCase();
    const user = tx
      .insert(users)
      .values({ email, name: a.name, passwordHash, adminOfAll: true, createdAt: now })
      .returning({ id: users.id, email: users.email, name: users.name })
      .get();
    const programIds = tx.select({ id: programs.id }).from(programs).all();
    for (const p of programIds) {
      tx.insert(memberships).values({ userId: user.id, programId: p.id, role: "admin" }).run();
    }
    if (linkId !== null)
      tx.update(accountLinks).set({ usedAt: now, userId: user.id }).where(eq(accountLinks.id, linkId)).run();
    appendAudit(
      tx,
      { userId: null, label: actorLabel },
      { action: "setup.first_admin", entityType: "user", entityId: user.id, data: { email, adminOfAll: true } },
      now,
    );
    return { ok: true, user };
  });
}
