import { randomBytes } from "node:crypto";
import { describeWait, signInSchema } from "@embargo/core";
import { burnPasswordCheck, endSession, membershipsOf, startSession, userByEmail, verifyPassword } from "@embargo/db";
import { TRPCError } from "@trpc/server";
import { hashToken } from "../context.ts";
import { signInThrottleFor } from "../sign-in-throttle.ts";
import { publicProcedure, router } from "../trpc.ts";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export const authRouter = router({
  /** The signed-in user and their programs, or null. */
  me: publicProcedure.query(({ ctx }) => ctx.user),

  signIn: publicProcedure.input(signInSchema).mutation(async ({ ctx, input }) => {
    const throttle = signInThrottleFor(ctx.db);
    // Counted before the password is checked, so parallel guesses cannot all slip in; the
    // same rule for an email with no account, so the answer tells nothing about accounts.
    const wait = throttle.admit(input.email, ctx.clientAddress, ctx.now().getTime());
    if (wait > 0) {
      throw new TRPCError({
        code: "TOO_MANY_REQUESTS",
        message: `Too many sign-in attempts. Try again in ${describeWait(wait)}.`,
      });
    }
    const user = userByEmail(ctx.db, input.email);
    // Every path does exactly one password check, so timing does not tell
    // whether the email has an account or the account is disabled.
    const ok = user ? (await verifyPassword(user.passwordHash, input.password)) && !user.disabledAt : false;
    if (!user) await burnPasswordCheck(input.password);
    const now = ctx.now();
    if (!user || !ok) {
      // One message for both cases: sign-in must not reveal who has an account.
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Email or password is wrong" });
    }
    throttle.succeeded(input.email, ctx.clientAddress);
    const token = randomBytes(32).toString("base64url");
    startSession(ctx.db, user, hashToken(token), now, SESSION_TTL_MS, {
      userAgent: ctx.userAgent,
      address: ctx.clientAddress,
    });
    ctx.cookie.set(token, new Date(now.getTime() + SESSION_TTL_MS));
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      adminOfAll: user.adminOfAll,
      timeZone: user.timeZone,
      memberships: membershipsOf(ctx.db, user.id),
    };
  }),

  signOut: publicProcedure.mutation(({ ctx }) => {
    if (ctx.sessionTokenHash) endSession(ctx.db, ctx.sessionTokenHash, ctx.user, ctx.now());
    ctx.cookie.clear();
    return { ok: true as const };
  }),
});
