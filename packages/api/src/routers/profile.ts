import {
  changePasswordSchema,
  describeWait,
  digestSettingSchema,
  fieldError,
  sessionExpired,
  sessionIdSchema,
  updateProfileSchema,
} from "@embargo/core";
import {
  changePassword,
  type Db,
  digestSettingOf,
  endOtherSessions,
  endSessionOf,
  hashPassword,
  securitySettings,
  sessionsOf,
  setDigestSetting,
  updateProfile,
  userById,
  verifyPassword,
} from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { actorOf } from "../access.ts";
import { signInThrottleFor } from "../sign-in-throttle.ts";
import { authedProcedure, router } from "../trpc.ts";

/** A user's sessions that are still live under the security settings. */
export function liveSessions(db: Db, userId: number, now: Date, currentId: number | null) {
  const settings = securitySettings(db);
  return sessionsOf(db, userId, now)
    .filter((s) => !sessionExpired(s, settings, now))
    .map((s) => ({ ...s, current: s.id === currentId }));
}

/** The signed-in user's own account: every user, whatever their role. */
export const profileRouter = router({
  get: authedProcedure.query(({ ctx }) => ({
    name: ctx.user.name,
    email: ctx.user.email,
    timeZone: ctx.user.timeZone,
  })),

  /** The weekly leadership digest: off, or a weekday and hour in the user's zone. */
  digest: authedProcedure.query(({ ctx }) => digestSettingOf(ctx.db, ctx.user.id)),

  setDigest: authedProcedure.input(digestSettingSchema).mutation(({ ctx, input }) => {
    setDigestSetting(ctx.db, ctx.user.id, input);
    return digestSettingOf(ctx.db, ctx.user.id);
  }),

  update: authedProcedure.input(updateProfileSchema).mutation(({ ctx, input }) => {
    updateProfile(ctx.db, ctx.user.id, input, actorOf(ctx), ctx.now());
    return { ok: true as const };
  }),

  /** Needs the current password; every other session of the user ends. */
  changePassword: authedProcedure.input(changePasswordSchema).mutation(async ({ ctx, input }) => {
    // Guesses of the current password count like sign-in attempts: a stolen session must not
    // become an unlimited password oracle.
    const throttle = signInThrottleFor(ctx.db);
    const key = `password-change:${ctx.user.email}`;
    const wait = throttle.admit(key, ctx.clientAddress, ctx.now().getTime());
    if (wait > 0) {
      throw new TRPCError({
        code: "TOO_MANY_REQUESTS",
        message: `Too many attempts. Try again in ${describeWait(wait)}.`,
      });
    }
    const me = userById(ctx.db, ctx.user.id);
    if (!me || !(await verifyPassword(me.passwordHash, input.currentPassword))) {
      throw fieldError("currentPassword", "This is not your current password");
    }
    throttle.succeeded(key, ctx.clientAddress);
    changePassword(
      ctx.db,
      { userId: me.id, passwordHash: await hashPassword(input.newPassword), keepSessionId: ctx.sessionId },
      actorOf(ctx),
      ctx.now(),
    );
    return { ok: true as const };
  }),

  /** Live sessions (not past the idle or absolute timeout), this one marked. */
  sessions: authedProcedure.query(({ ctx }) => liveSessions(ctx.db, ctx.user.id, ctx.now(), ctx.sessionId)),

  /** End one of your sessions (another device, or this one: then you are signed out). */
  endSession: authedProcedure.input(sessionIdSchema).mutation(({ ctx, input }) => {
    if (!endSessionOf(ctx.db, ctx.user.id, input.id, actorOf(ctx), ctx.now())) {
      throw new TRPCError({ code: "NOT_FOUND", message: "No such session: it may have ended already" });
    }
    if (input.id === ctx.sessionId) ctx.cookie.clear();
    return { ok: true as const, current: input.id === ctx.sessionId };
  }),

  endOtherSessions: authedProcedure.mutation(({ ctx }) => {
    if (ctx.sessionId === null) throw fieldError("session", "Sign in first");
    const ended = endOtherSessions(ctx.db, ctx.user.id, ctx.sessionId, actorOf(ctx), ctx.now());
    return { ended };
  }),
});
