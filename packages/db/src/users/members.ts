import { fieldError, INVALID_LINK_MESSAGE, type LinkSlot, type Role } from "@embargo/core";
import { and, asc, desc, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import { type Actor, appendAudit } from "../audit/log.ts";
import type { Conn, Db } from "../client.ts";
import { enqueueEmail } from "../outbox/queue.ts";
import { programs } from "../schema/programs.ts";
import { userFactors } from "../schema/trust.ts";
import { accountLinks, memberships, sessions, users } from "../schema/users.ts";
import { insertSession, type SessionOrigin } from "./sessions.ts";

export const userById = (db: Conn, id: number) => db.select().from(users).where(eq(users.id, id)).get();

/** Enabled admins of a program: its admin members and every admin of all programs. */
export function programAdminIds(tx: Conn, programId: number): number[] {
  const members = tx
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.programId, programId), eq(memberships.role, "admin"), isNull(users.disabledAt)))
    .all();
  const ofAll = tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.adminOfAll, true), isNull(users.disabledAt)))
    .all();
  return [...new Set([...members, ...ofAll].map((r) => r.id))];
}

/** Throws a field error when `userId` is the only enabled admin left in the program. */
function keepAnAdmin(tx: Conn, programId: number, userId: number, field: string): void {
  const admins = programAdminIds(tx, programId);
  if (admins.includes(userId) && admins.length === 1) {
    const p = tx.select({ name: programs.name }).from(programs).where(eq(programs.id, programId)).get();
    throw fieldError(field, `This is the last admin of ${p?.name ?? "the program"}; make someone else an admin first`);
  }
}

export interface MemberRow {
  id: number;
  email: string;
  name: string;
  adminOfAll: boolean;
  disabled: boolean;
  mfa: boolean;
  lastSignInAt: Date | null;
  /** Roles in the programs asked about only. */
  roles: { programId: number; slug: string; name: string; role: Role }[];
}

/**
 * Users of the given programs with their roles there, or of the whole
 * installation (`"all"`, for admins of all programs: also users with no program).
 */
export function listMembers(db: Db, scope: number[] | "all"): MemberRow[] {
  const programRows = db
    .select({ id: programs.id, slug: programs.slug, name: programs.name })
    .from(programs)
    .where(scope === "all" ? undefined : inArray(programs.id, scope.length ? scope : [-1]))
    .orderBy(asc(programs.name))
    .all();
  const ids = programRows.map((p) => p.id);
  const links = ids.length ? db.select().from(memberships).where(inArray(memberships.programId, ids)).all() : [];
  const memberIds = new Set(links.map((l) => l.userId));
  const rows = db
    .select()
    .from(users)
    .orderBy(asc(users.name))
    .all()
    .filter((u) => scope === "all" || u.adminOfAll || memberIds.has(u.id));
  // A second factor is a passkey or TOTP in user_factors (users.totp_secret is an unused older column).
  const withFactor = new Set(
    db
      .selectDistinct({ userId: userFactors.userId })
      .from(userFactors)
      .all()
      .map((r) => r.userId),
  );
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    adminOfAll: u.adminOfAll,
    disabled: u.disabledAt !== null,
    mfa: withFactor.has(u.id),
    lastSignInAt: u.lastSignInAt,
    roles: programRows.flatMap((p) => {
      const role: Role | undefined = u.adminOfAll
        ? "admin"
        : links.find((l) => l.userId === u.id && l.programId === p.id)?.role;
      return role ? [{ programId: p.id, slug: p.slug, name: p.name, role }] : [];
    }),
  }));
}

/** Invitations not yet used or expired, for the given programs. */
export function pendingInvitations(db: Db, programIds: number[], now: Date) {
  if (programIds.length === 0) return [];
  return db
    .select({
      id: accountLinks.id,
      email: accountLinks.email,
      role: accountLinks.role,
      programId: accountLinks.programId,
      programSlug: programs.slug,
      programName: programs.name,
      createdAt: accountLinks.createdAt,
      expiresAt: accountLinks.expiresAt,
    })
    .from(accountLinks)
    .innerJoin(programs, eq(programs.id, accountLinks.programId))
    .where(
      and(
        eq(accountLinks.kind, "invitation"),
        isNull(accountLinks.usedAt),
        gt(accountLinks.expiresAt, now),
        inArray(accountLinks.programId, programIds),
      ),
    )
    .orderBy(desc(accountLinks.createdAt))
    .all();
}

/** A link is offered to the worker sealed, never in clear: `sealedUrl` is what the email carries. */
interface SealedMail {
  slot: LinkSlot;
  sealedUrl: string;
  subject: string;
  text: string;
}

/** Queue the email that carries an invitation or reset link, the link sealed into its slot. */
function enqueueLinkEmail(
  tx: Conn,
  e: { event: string; programId: number | null; to: string; mail: SealedMail },
  now: Date,
): void {
  enqueueEmail(
    tx,
    {
      event: e.event,
      reportId: null,
      programId: e.programId,
      to: e.to,
      subject: e.mail.subject,
      text: e.mail.text,
      sealed: { [e.mail.slot]: e.mail.sealedUrl },
    },
    now,
  );
}

export function createInvitation(
  db: Db,
  p: { programId: number; email: string; role: Role; tokenHash: string; expiresAt: Date; mail: SealedMail },
  actor: Actor,
  now: Date,
): { id: number } {
  return db.transaction((tx) => {
    const existing = tx.select().from(users).where(eq(users.email, p.email)).get();
    if (existing) {
      const member =
        existing.adminOfAll ||
        tx
          .select()
          .from(memberships)
          .where(and(eq(memberships.userId, existing.id), eq(memberships.programId, p.programId)))
          .get();
      if (member) throw fieldError("email", "Already a member of this program; change their role instead");
    }
    const row = tx
      .insert(accountLinks)
      .values({
        kind: "invitation",
        tokenHash: p.tokenHash,
        email: p.email,
        userId: existing?.id ?? null,
        programId: p.programId,
        role: p.role,
        createdByUserId: actor.userId,
        createdAt: now,
        expiresAt: p.expiresAt,
      })
      .returning({ id: accountLinks.id })
      .get();
    enqueueLinkEmail(tx, { event: "member.invited", programId: p.programId, to: p.email, mail: p.mail }, now);
    appendAudit(
      tx,
      actor,
      {
        action: "member.invite",
        entityType: "account_link",
        entityId: row.id,
        programId: p.programId,
        data: { email: p.email, role: p.role },
      },
      now,
    );
    return row;
  });
}

export function revokeInvitation(db: Db, id: number, programIds: number[], actor: Actor, now: Date): boolean {
  return db.transaction((tx) => {
    const link = tx
      .select()
      .from(accountLinks)
      .where(and(eq(accountLinks.id, id), eq(accountLinks.kind, "invitation"), isNull(accountLinks.usedAt)))
      .get();
    if (!link?.programId || !programIds.includes(link.programId)) return false;
    // Spent rather than deleted, so the audit entry still points at a row.
    tx.update(accountLinks).set({ usedAt: now }).where(eq(accountLinks.id, id)).run();
    appendAudit(
      tx,
      actor,
      {
        action: "member.invitation_revoke",
        entityType: "account_link",
        entityId: id,
        programId: link.programId,
        data: { email: link.email },
      },
      now,
    );
    return true;
  });
}

/** A live (unused, unexpired) link of `kind`, with its program's name for an invitation. */
export function liveAccountLink(db: Conn, kind: "invitation" | "password_reset", tokenHash: string, now: Date) {
  return db
    .select({ link: accountLinks, programName: programs.name, programSlug: programs.slug })
    .from(accountLinks)
    .leftJoin(programs, eq(programs.id, accountLinks.programId))
    .where(
      and(
        eq(accountLinks.kind, kind),
        eq(accountLinks.tokenHash, tokenHash),
        isNull(accountLinks.usedAt),
        gt(accountLinks.expiresAt, now),
      ),
    )
    .get();
}

const invalidLink = () => fieldError("token", INVALID_LINK_MESSAGE);

/** Spend a live link in the caller's transaction; the one invalid-link error otherwise. */
function spendLink(tx: Conn, kind: "invitation" | "password_reset", tokenHash: string, now: Date) {
  const found = liveAccountLink(tx, kind, tokenHash, now);
  if (!found) throw invalidLink();
  tx.update(accountLinks).set({ usedAt: now }).where(eq(accountLinks.id, found.link.id)).run();
  return found;
}

/**
 * Accept an invitation: spend the link, create the account (new email) or use
 * the existing one, add the membership and start a session, all at once.
 * `existingUserId` must be the account the caller proved the password of.
 */
export function acceptInvitation(
  db: Db,
  p: {
    tokenHash: string;
    account: { existingUserId: number } | { name: string; passwordHash: string };
    session: { tokenHash: string; ttlMs: number; origin: SessionOrigin };
  },
  now: Date,
): { userId: number; email: string; programSlug: string } {
  return db.transaction((tx) => {
    const { link, programSlug } = spendLink(tx, "invitation", p.tokenHash, now);
    if (!link.email || !link.programId || !link.role || !programSlug) throw invalidLink();
    let userId: number;
    if ("existingUserId" in p.account) {
      const u = userById(tx, p.account.existingUserId);
      if (!u || u.email !== link.email) throw invalidLink();
      userId = u.id;
    } else {
      if (tx.select().from(users).where(eq(users.email, link.email)).get()) throw invalidLink();
      userId = tx
        .insert(users)
        .values({ email: link.email, name: p.account.name, passwordHash: p.account.passwordHash, createdAt: now })
        .returning({ id: users.id })
        .get().id;
    }
    // An invitation adds a membership; it never changes one that exists by now (an old link
    // must not demote someone, least of all a program's last admin: roles change in Members).
    if (membershipOf(tx, link.programId, userId)) {
      throw fieldError("token", `You are already a member of ${programSlug}; an admin can change your role`);
    }
    tx.insert(memberships).values({ userId, programId: link.programId, role: link.role }).run();
    insertSession(tx, userId, p.session.tokenHash, now, p.session.ttlMs, p.session.origin);
    appendAudit(
      tx,
      { userId, label: link.email },
      {
        action: "member.join",
        entityType: "user",
        entityId: userId,
        programId: link.programId,
        data: { role: link.role, invitationId: link.id, newAccount: !("existingUserId" in p.account) },
      },
      now,
    );
    return { userId, email: link.email, programSlug };
  });
}

function membershipOf(tx: Conn, programId: number, userId: number) {
  return tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.programId, programId), eq(memberships.userId, userId)))
    .get();
}

/** Change a member's role; the last admin cannot be demoted. Returns false when nothing changed. */
export function changeMemberRole(
  db: Db,
  p: { programId: number; userId: number; role: Role },
  actor: Actor,
  now: Date,
): boolean {
  return db.transaction((tx) => {
    const m = membershipOf(tx, p.programId, p.userId);
    if (!m) throw fieldError("userId", "Not a member of this program");
    if (m.role === p.role) return false;
    if (p.role !== "admin") keepAnAdmin(tx, p.programId, p.userId, "role");
    tx.update(memberships)
      .set({ role: p.role })
      .where(and(eq(memberships.programId, p.programId), eq(memberships.userId, p.userId)))
      .run();
    appendAudit(
      tx,
      actor,
      {
        action: "member.role",
        entityType: "user",
        entityId: p.userId,
        programId: p.programId,
        data: { from: m.role, to: p.role },
      },
      now,
    );
    return true;
  });
}

/** Add or change a membership (the command line's `user role`); the last admin cannot be demoted. */
export function setMemberRole(
  db: Db,
  p: { programId: number; userId: number; role: Role },
  actor: Actor,
  now: Date,
): void {
  db.transaction((tx) => {
    const m = membershipOf(tx, p.programId, p.userId);
    if (m?.role === p.role) return;
    if (m && p.role !== "admin") keepAnAdmin(tx, p.programId, p.userId, "role");
    tx.insert(memberships)
      .values(p)
      .onConflictDoUpdate({ target: [memberships.userId, memberships.programId], set: { role: p.role } })
      .run();
    appendAudit(
      tx,
      actor,
      {
        action: "member.role",
        entityType: "user",
        entityId: p.userId,
        programId: p.programId,
        data: { from: m?.role ?? null, to: p.role },
      },
      now,
    );
  });
}

/** Remove a membership; the user keeps their account and history. The last admin cannot be removed. */
export function removeMembership(db: Db, p: { programId: number; userId: number }, actor: Actor, now: Date): void {
  db.transaction((tx) => {
    const m = membershipOf(tx, p.programId, p.userId);
    if (!m) throw fieldError("userId", "Not a member of this program");
    keepAnAdmin(tx, p.programId, p.userId, "userId");
    tx.delete(memberships)
      .where(and(eq(memberships.programId, p.programId), eq(memberships.userId, p.userId)))
      .run();
    appendAudit(
      tx,
      actor,
      {
        action: "member.remove",
        entityType: "user",
        entityId: p.userId,
        programId: p.programId,
        data: { role: m.role },
      },
      now,
    );
  });
}

/**
 * Disable (ending every session at once; history stays) or enable a user.
 * Disabling the last admin of any program is refused. False when nothing changed.
 */
export function setUserDisabled(db: Db, userId: number, disabled: boolean, actor: Actor, now: Date): boolean {
  return db.transaction((tx) => {
    const u = userById(tx, userId);
    if (!u) throw fieldError("userId", "No such user");
    if ((u.disabledAt !== null) === disabled) return false;
    if (disabled) {
      const adminOf = u.adminOfAll
        ? tx.select({ programId: programs.id }).from(programs).all()
        : tx
            .select({ programId: memberships.programId })
            .from(memberships)
            .where(and(eq(memberships.userId, userId), eq(memberships.role, "admin")))
            .all();
      for (const { programId } of adminOf) keepAnAdmin(tx, programId, userId, "disabled");
      // With no programs yet, the loop above checks nothing: keep one enabled admin of all programs.
      if (u.adminOfAll) {
        const others = tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.adminOfAll, true), isNull(users.disabledAt), ne(users.id, userId)))
          .all();
        if (others.length === 0) {
          throw fieldError("disabled", "This is the last admin of all programs; make someone else one first");
        }
      }
      tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    }
    tx.update(users)
      .set({ disabledAt: disabled ? now : null })
      .where(eq(users.id, userId))
      .run();
    appendAudit(
      tx,
      actor,
      {
        action: disabled ? "user.disable" : "user.enable",
        entityType: "user",
        entityId: userId,
        data: { email: u.email },
      },
      now,
    );
    return true;
  });
}

/** Spend every outstanding reset link of the user: only the newest link, or none after a change, works. */
function spendResetLinks(tx: Conn, userId: number, now: Date): void {
  tx.update(accountLinks)
    .set({ usedAt: now })
    .where(and(eq(accountLinks.kind, "password_reset"), eq(accountLinks.userId, userId), isNull(accountLinks.usedAt)))
    .run();
}

/** A password-reset link; emailed (sealed) when `mail` is given, otherwise the caller shows it. */
export function createPasswordReset(
  db: Db,
  p: { userId: number; tokenHash: string; expiresAt: Date; mail: SealedMail | null },
  actor: Actor,
  now: Date,
): void {
  db.transaction((tx) => {
    const u = userById(tx, p.userId);
    if (!u) throw fieldError("userId", "No such user");
    spendResetLinks(tx, u.id, now);
    const row = tx
      .insert(accountLinks)
      .values({
        kind: "password_reset",
        tokenHash: p.tokenHash,
        email: u.email,
        userId: u.id,
        createdByUserId: actor.userId,
        createdAt: now,
        expiresAt: p.expiresAt,
      })
      .returning({ id: accountLinks.id })
      .get();
    if (p.mail) {
      enqueueLinkEmail(tx, { event: "user.password_reset", programId: null, to: u.email, mail: p.mail }, now);
    }
    appendAudit(
      tx,
      actor,
      {
        action: "user.reset_link",
        entityType: "user",
        entityId: u.id,
        data: { email: u.email, linkId: row.id, emailed: p.mail !== null },
      },
      now,
    );
  });
}

/** Set a new password from a reset link: the link is spent and every session of the user ends. */
export function resetPasswordWithLink(db: Db, tokenHash: string, passwordHash: string, now: Date): void {
  db.transaction((tx) => {
    const { link } = spendLink(tx, "password_reset", tokenHash, now);
    const u = link.userId ? userById(tx, link.userId) : undefined;
    if (!u) throw invalidLink();
    tx.update(users).set({ passwordHash }).where(eq(users.id, u.id)).run();
    tx.delete(sessions).where(eq(sessions.userId, u.id)).run();
    spendResetLinks(tx, u.id, now);
    appendAudit(
      tx,
      { userId: u.id, label: u.email },
      { action: "user.password_reset", entityType: "user", entityId: u.id, data: { linkId: link.id } },
      now,
    );
  });
}

/** The signed-in user's new password; their other sessions end, this one stays. */
export function changePassword(
  db: Db,
  p: { userId: number; passwordHash: string; keepSessionId: number | null },
  actor: Actor,
  now: Date,
): void {
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash: p.passwordHash }).where(eq(users.id, p.userId)).run();
    deleteOtherSessions(tx, p.userId, p.keepSessionId);
    spendResetLinks(tx, p.userId, now);
    appendAudit(tx, actor, { action: "user.password_change", entityType: "user", entityId: p.userId }, now);
  });
}

function deleteOtherSessions(tx: Conn, userId: number, keepSessionId: number | null): number {
  return tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepSessionId === null ? undefined : ne(sessions.id, keepSessionId)))
    .run().changes;
}

export function updateProfile(
  db: Db,
  userId: number,
  p: { name: string; timeZone: string | null },
  actor: Actor,
  now: Date,
): void {
  db.transaction((tx) => {
    const before = userById(tx, userId);
    if (!before) throw fieldError("name", "No such user");
    tx.update(users).set(p).where(eq(users.id, userId)).run();
    appendAudit(
      tx,
      actor,
      {
        action: "user.profile",
        entityType: "user",
        entityId: userId,
        data: { name: p.name, timeZone: p.timeZone, previousName: before.name },
      },
      now,
    );
  });
}

/** The user's live sessions, newest first. */
export function sessionsOf(db: Db, userId: number, now: Date) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      userAgent: sessions.userAgent,
      address: sessions.address,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt))
    .all();
}

/** "Sign out everywhere else": returns how many sessions ended. */
export function endOtherSessions(db: Db, userId: number, keepSessionId: number, actor: Actor, now: Date): number {
  return db.transaction((tx) => {
    const ended = deleteOtherSessions(tx, userId, keepSessionId);
    appendAudit(tx, actor, { action: "user.sessions_end", entityType: "user", entityId: userId, data: { ended } }, now);
    return ended;
  });
}
