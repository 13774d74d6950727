import { randomBytes } from "node:crypto";
import {
  changeRoleSchema,
  factorResetEmail,
  fieldError,
  INVITATION_TTL_MS,
  invitationEmail,
  invitationIdSchema,
  inviteSchema,
  memberSessionSchema,
  membersListSchema,
  PASSWORD_RESET_TTL_MS,
  passwordResetEmail,
  removeMembershipSchema,
  setDisabledSchema,
  userRefSchema,
} from "@embargo/core";
import {
  changeMemberRole,
  createInvitation,
  createPasswordReset,
  endAllSessions,
  endSessionOf,
  factorSummaries,
  listMembers,
  membershipsOf,
  pendingInvitations,
  removeMembership,
  resetFactors,
  revokeInvitation,
  rotateSession,
  setUserDisabled,
  userById,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { type AuthedContext, actorOf, programBySlugFor, programIdsWith } from "../access.ts";
import { hashToken } from "../context.ts";
import { recentAuth, roleProcedure, router } from "../trpc.ts";
import { sessionTtlMs } from "./auth.ts";
import { liveSessions } from "./profile.ts";

/** 192 random bits, URL-safe: the only copy is in the link; the database keeps its SHA-256. */
export const newLinkToken = () => randomBytes(24).toString("base64url");

const adminProgram = (ctx: AuthedContext, slug: string) => programBySlugFor(ctx, slug, ["admin"]);

/**
 * A user the caller may disable or send a reset link to: the caller must
 * administer every program the user is in, since the change reaches all of
 * them (a reset link is a way into the account). Users the caller shares no
 * administered program with answer as if they did not exist.
 */
function manageableUser(ctx: AuthedContext, userId: number) {
  const target = userById(ctx.db, userId);
  const notFound = new TRPCError({ code: "NOT_FOUND", message: "No such user" });
  if (!target) throw notFound;
  if (ctx.user.adminOfAll) return target;
  const mine = new Set(programIdsWith(ctx.user, ["admin"]));
  const theirs = membershipsOf(ctx.db, userId).map((m) => m.programId);
  if (!theirs.some((id) => mine.has(id))) throw notFound;
  if (target.adminOfAll || theirs.some((id) => !mine.has(id))) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "This user is also in programs you do not administer; ask an admin of all programs",
    });
  }
  return target;
}

/** A membership change in one program: not for admins of all programs, whose role is everywhere. */
function programMember(ctx: AuthedContext, userId: number) {
  const target = userById(ctx.db, userId);
  if (target?.adminOfAll) {
    throw fieldError("userId", "Admin of all programs: their role is the same in every program");
  }
}

/** The link shown to the admin only when there is no mail to carry it. */
function delivered(ctx: AuthedContext, url: string, expiresAt: Date) {
  return ctx.mailConfigured
    ? { emailed: true as const, link: null, expiresAt }
    : { emailed: false as const, link: url, expiresAt };
}

export const membersRouter = router({
  /** Members and pending invitations of one program, or of every program the caller administers. */
  list: roleProcedure("admin")
    .input(membersListSchema)
    .query(({ ctx, input }) => {
      const scope = input.program
        ? [adminProgram(ctx, input.program).programId]
        : ctx.user.adminOfAll
          ? ("all" as const)
          : programIdsWith(ctx.user, ["admin"]);
      const invitationScope = scope === "all" ? programIdsWith(ctx.user, ["admin"]) : scope;
      return {
        members: listMembers(ctx.db, scope),
        invitations: pendingInvitations(ctx.db, invitationScope, ctx.now()),
      };
    }),

  invite: roleProcedure("admin")
    .input(inviteSchema)
    .mutation(({ ctx, input }) => {
      const program = adminProgram(ctx, input.program);
      const now = ctx.now();
      const token = newLinkToken();
      const url = `${ctx.publicUrl}/invite?token=${token}`;
      const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
      createInvitation(
        ctx.db,
        {
          programId: program.programId,
          email: input.email,
          role: input.role,
          tokenHash: hashToken(token),
          expiresAt,
          mail: {
            slot: "invitationUrl",
            sealedUrl: ctx.sealLink(url),
            ...invitationEmail({ programName: program.name, role: input.role, inviter: ctx.user.name }),
          },
        },
        actorOf(ctx),
        now,
      );
      return delivered(ctx, url, expiresAt);
    }),

  revokeInvitation: roleProcedure("admin")
    .input(invitationIdSchema)
    .mutation(({ ctx, input }) => {
      if (!revokeInvitation(ctx.db, input.id, programIdsWith(ctx.user, ["admin"]), actorOf(ctx), ctx.now())) {
        throw new TRPCError({ code: "NOT_FOUND", message: "No such pending invitation" });
      }
      return { ok: true as const };
    }),

  /**
   * A privilege change: the member's sessions end (they sign in again with the
   * new role). Changing your own role replaces your session's token instead.
   * Needs a recent proof.
   */
  changeRole: roleProcedure("admin")
    .use(recentAuth)
    .input(changeRoleSchema)
    .mutation(({ ctx, input }) => {
      const program = adminProgram(ctx, input.program);
      programMember(ctx, input.userId);
      const changed = changeMemberRole(
        ctx.db,
        { programId: program.programId, userId: input.userId, role: input.role },
        actorOf(ctx),
        ctx.now(),
      );
      if (changed && input.userId === ctx.user.id && ctx.sessionId !== null) {
        const token = randomBytes(32).toString("base64url");
        const now = ctx.now();
        const ttl = sessionTtlMs(ctx.db);
        rotateSession(ctx.db, ctx.sessionId, hashToken(token), now, ttl, "role_change", actorOf(ctx));
        ctx.cookie.set(token, new Date(now.getTime() + ttl));
      } else if (changed) {
        endAllSessions(ctx.db, input.userId, "role_change", actorOf(ctx), ctx.now());
      }
      return { ok: true as const };
    }),

  /** A member's live sessions and second factors (no secrets). */
  security: roleProcedure("admin")
    .input(userRefSchema)
    .query(({ ctx, input }) => {
      const target = manageableUser(ctx, input.userId);
      return {
        sessions: liveSessions(ctx.db, target.id, ctx.now(), ctx.sessionId),
        factors: factorSummaries(ctx.db, target.id),
      };
    }),

  /** End one of a member's sessions. */
  endSession: roleProcedure("admin")
    .input(memberSessionSchema)
    .mutation(({ ctx, input }) => {
      const target = manageableUser(ctx, input.userId);
      if (!endSessionOf(ctx.db, target.id, input.id, actorOf(ctx), ctx.now())) {
        throw new TRPCError({ code: "NOT_FOUND", message: "No such session: it may have ended already" });
      }
      return { ok: true as const };
    }),

  /** End every session of a member (they are signed out everywhere at once). */
  endSessions: roleProcedure("admin")
    .input(userRefSchema)
    .mutation(({ ctx, input }) => {
      const target = manageableUser(ctx, input.userId);
      if (target.id === ctx.user.id) throw fieldError("userId", "Use your profile to end your own sessions");
      return { ended: endAllSessions(ctx.db, target.id, "admin", actorOf(ctx), ctx.now()) };
    }),

  /**
   * Remove every second factor and recovery code of a member, end their
   * sessions and email them. Audited. Needs a recent proof.
   */
  resetFactors: roleProcedure("admin")
    .use(recentAuth)
    .input(userRefSchema)
    .mutation(({ ctx, input }) => {
      const target = manageableUser(ctx, input.userId);
      if (target.id === ctx.user.id) throw fieldError("userId", "Manage your own factors on your profile");
      return resetFactors(ctx.db, target.id, factorResetEmail({ admin: ctx.user.name }), actorOf(ctx), ctx.now());
    }),

  remove: roleProcedure("admin")
    .input(removeMembershipSchema)
    .mutation(({ ctx, input }) => {
      const program = adminProgram(ctx, input.program);
      programMember(ctx, input.userId);
      removeMembership(ctx.db, { programId: program.programId, userId: input.userId }, actorOf(ctx), ctx.now());
      return { ok: true as const };
    }),

  /** Disable (every session ends at once, history stays) or enable a user. */
  setDisabled: roleProcedure("admin")
    .input(setDisabledSchema)
    .mutation(({ ctx, input }) => {
      const target = manageableUser(ctx, input.userId);
      if (input.disabled && target.id === ctx.user.id) throw fieldError("disabled", "You cannot disable yourself");
      setUserDisabled(ctx.db, target.id, input.disabled, actorOf(ctx), ctx.now());
      return { ok: true as const };
    }),

  /** A single-use link to set a new password (24 hours); emailed, or shown when there is no mail. */
  resetLink: roleProcedure("admin")
    .input(userRefSchema)
    .mutation(({ ctx, input }) => {
      const target = manageableUser(ctx, input.userId);
      const now = ctx.now();
      const token = newLinkToken();
      const url = `${ctx.publicUrl}/reset-password?token=${token}`;
      const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
      createPasswordReset(
        ctx.db,
        {
          userId: target.id,
          tokenHash: hashToken(token),
          expiresAt,
          mail: { slot: "resetUrl", sealedUrl: ctx.sealLink(url), ...passwordResetEmail() },
        },
        actorOf(ctx),
        now,
      );
      return delivered(ctx, url, expiresAt);
    }),
});
