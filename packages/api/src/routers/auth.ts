import { randomBytes } from "node:crypto";
import { describeWait, signInSchema } from "@embargo/core";
import {
  appendAudit,
  burnPasswordCheck,
  deleteSession,
  insertSession,
  membershipsOf,
  userByEmail,
  verifyPassword,
} from "@embargo/db";
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
    throttle.succeeded(input.email);
    const token = randomBytes(32).toString("base64url");
    ctx.db.transaction((tx) => {
      insertSession(tx, user.id, hashToken(token), now, SESSION_TTL_MS);
      appendAudit(
        tx,
        { userId: user.id, label: user.email },
        { action: "auth.sign_in", entityType: "user", entityId: user.id },
        now,
      );
    });
    ctx.cookie.set(token, new Date(now.getTime() + SESSION_TTL_MS));
    return { id: user.id, email: user.email, name: user.name, memberships: membershipsOf(ctx.db, user.id) };
  }),

  signOut: publicProcedure.mutation(({ ctx }) => {
    if (ctx.sessionTokenHash) {
      const hash = ctx.sessionTokenHash;
      ctx.db.transaction((tx) => {
        deleteSession(tx, hash);
        if (ctx.user) {
          appendAudit(
            tx,
            { userId: ctx.user.id, label: ctx.user.email },
            { action: "auth.sign_out", entityType: "user", entityId: ctx.user.id },
            ctx.now(),
          );
        }
      });
    }
    ctx.cookie.clear();
    return { ok: true as const };
  }),
});
